// The throwaway model the backend probe loads: a one-layer Llama quantized to Q4_0 like the models people run,
// so a GPU build meets the same kernels. Only the probe needs it; test and bench models come from tools/gguf.
import { GgmlType, GgufValueType } from "@/lib/gguf/format";
import { encodeTensorValues, type GgufMetadataEntry, type GgufTensorSpec, writeGguf } from "@/lib/gguf/writer";

const EMBD = 64;
const FF = 128;
const HEADS = 4;
// <unk> <s> </s>, then 256 byte tokens (SentencePiece byte fallback: any prompt tokenizes), then "▁".
const TOKENS = [
  "<unk>",
  "<s>",
  "</s>",
  ...Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`),
  "▁",
];
const TYPES = [2, 3, 3, ...Array.from({ length: 256 }, () => 6), 1];

/** Small, fixed, non-zero weights: a model of zeros could let a broken kernel pass unnoticed. */
function weights(shape: number[], type: GgmlType, center = 0): () => Iterable<Uint8Array> {
  return function* () {
    const values = new Float32Array(shape.reduce((n, d) => n * d, 1));
    for (let i = 0; i < values.length; i++) values[i] = center + 0.02 * Math.sin(i * 12.9898 + shape.length);
    yield encodeTensorValues(type, values);
  };
}

export async function writeProbeModel(out: string, ctx: number): Promise<void> {
  const u32 = (key: string, value: number): GgufMetadataEntry => ({ key, type: GgufValueType.UINT32, value });
  const metadata: GgufMetadataEntry[] = [
    { key: "general.architecture", type: GgufValueType.STRING, value: "llama" },
    { key: "general.name", type: GgufValueType.STRING, value: "hearth-backend-probe" },
    u32("general.file_type", 2), // MOSTLY_Q4_0
    u32("general.quantization_version", 2),
    u32("llama.context_length", ctx),
    u32("llama.embedding_length", EMBD),
    u32("llama.block_count", 1),
    u32("llama.feed_forward_length", FF),
    u32("llama.rope.dimension_count", EMBD / HEADS),
    u32("llama.attention.head_count", HEADS),
    u32("llama.attention.head_count_kv", HEADS),
    { key: "llama.attention.layer_norm_rms_epsilon", type: GgufValueType.FLOAT32, value: 1e-5 },
    { key: "tokenizer.ggml.model", type: GgufValueType.STRING, value: "llama" },
    { key: "tokenizer.ggml.tokens", type: GgufValueType.ARRAY, itemType: GgufValueType.STRING, value: TOKENS },
    { key: "tokenizer.ggml.scores", type: GgufValueType.ARRAY, itemType: GgufValueType.FLOAT32, value: TOKENS.map(() => 0) },
    { key: "tokenizer.ggml.token_type", type: GgufValueType.ARRAY, itemType: GgufValueType.INT32, value: TYPES },
    u32("tokenizer.ggml.bos_token_id", 1),
    u32("tokenizer.ggml.eos_token_id", 2),
    u32("tokenizer.ggml.unknown_token_id", 0),
  ];
  const q = (name: string, shape: number[]): GgufTensorSpec => ({ name, shape, type: GgmlType.Q4_0, data: weights(shape, GgmlType.Q4_0) });
  const norm = (name: string): GgufTensorSpec => ({ name, shape: [EMBD], type: GgmlType.F32, data: weights([EMBD], GgmlType.F32, 1) });
  const tensors: GgufTensorSpec[] = [
    q("token_embd.weight", [EMBD, TOKENS.length]),
    norm("blk.0.attn_norm.weight"),
    q("blk.0.attn_q.weight", [EMBD, EMBD]),
    q("blk.0.attn_k.weight", [EMBD, EMBD]),
    q("blk.0.attn_v.weight", [EMBD, EMBD]),
    q("blk.0.attn_output.weight", [EMBD, EMBD]),
    norm("blk.0.ffn_norm.weight"),
    q("blk.0.ffn_gate.weight", [EMBD, FF]),
    q("blk.0.ffn_up.weight", [EMBD, FF]),
    q("blk.0.ffn_down.weight", [FF, EMBD]),
    norm("output_norm.weight"),
    q("output.weight", [EMBD, TOKENS.length]),
  ];
  await writeGguf(out, { metadata, tensors });
}
