// Deterministic random-weight Llama models in GGUF, for tests and benchmarks: same options, byte-identical file.
import { FILE_TYPE_FOR_GGML_TYPE, GgmlType, GgufValueType } from "@/lib/gguf/format";
import { encodeTensorValues, type GgufMetadataEntry, type GgufTensorSpec, type GgufWriteSpec, writeGguf } from "@/lib/gguf/writer";

export type TinyModelType = "f32" | "f16" | "q4_0" | "q8_0";

export interface TinyModelOptions {
  seed?: number;
  layers?: number;
  embd?: number;
  heads?: number;
  headsKv?: number;
  ff?: number;
  vocab?: number;
  ctx?: number;
  type?: TinyModelType;
  name?: string;
  /** Keep byte, control and EOS tokens out of generated text (default true); see tinyModelSpec. */
  printableOutput?: boolean;
  /** Stored as tokenizer.chat_template when given. */
  chatTemplate?: string;
}

type ShapeOptions = Required<Omit<TinyModelOptions, "name" | "chatTemplate" | "printableOutput">>;
type ResolvedOptions = ShapeOptions & Pick<TinyModelOptions, "name" | "chatTemplate" | "printableOutput">;

export const TINY_MODEL_DEFAULTS: Readonly<ShapeOptions> = {
  seed: 1,
  layers: 2,
  embd: 64,
  heads: 4,
  headsKv: 4,
  ff: 128,
  vocab: 512,
  ctx: 512,
  type: "f32",
};

/** Named shapes; "0.6b" is sized like a real small model (~0.6B parameters, ~340 MB as Q4_0) for benchmarks. */
export const TINY_MODEL_PRESETS = {
  tiny: { ...TINY_MODEL_DEFAULTS },
  "0.6b": { layers: 32, embd: 1024, heads: 16, headsKv: 16, ff: 4096, vocab: 32000, ctx: 4096, type: "q4_0" },
} as const satisfies Record<string, TinyModelOptions>;

const GGML_TYPE: Record<TinyModelType, GgmlType> = { f32: GgmlType.F32, f16: GgmlType.F16, q4_0: GgmlType.Q4_0, q8_0: GgmlType.Q8_0 };
const WEIGHT_STD = 0.02;
const CHUNK_VALUES = 1 << 20;
const SPECIAL_TOKENS = 3;
const BYTE_TOKENS = 256;

export async function makeTinyGguf(
  opts: TinyModelOptions & { out: string },
): Promise<{ path: string; sizeBytes: number; parameterCount: number }> {
  const spec = tinyModelSpec(opts);
  const { sizeBytes } = await writeGguf(opts.out, spec);
  const parameterCount = spec.tensors.reduce((sum, t) => sum + t.shape.reduce((n, d) => n * d, 1), 0);
  return { path: opts.out, sizeBytes, parameterCount };
}

/** The GGUF layout of a tiny model; tensor data is generated lazily, when written. */
export function tinyModelSpec(options: TinyModelOptions = {}): GgufWriteSpec {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o: ResolvedOptions = { ...TINY_MODEL_DEFAULTS, ...given };
  validate(o);
  const type = GGML_TYPE[o.type];
  const headDim = o.embd / o.heads;
  const embdKv = headDim * o.headsKv;
  const vocab = buildVocab(o.vocab);
  const u32 = (key: string, value: number): GgufMetadataEntry => ({ key, type: GgufValueType.UINT32, value });
  const metadata: GgufMetadataEntry[] = [
    { key: "general.architecture", type: GgufValueType.STRING, value: "llama" },
    { key: "general.name", type: GgufValueType.STRING, value: o.name ?? `tiny-llama-${o.layers}x${o.embd}-${o.type}-s${o.seed}` },
    u32("general.file_type", FILE_TYPE_FOR_GGML_TYPE[type] ?? 0),
    u32("general.quantization_version", 2),
    u32("llama.context_length", o.ctx),
    u32("llama.embedding_length", o.embd),
    u32("llama.block_count", o.layers),
    u32("llama.feed_forward_length", o.ff),
    u32("llama.rope.dimension_count", headDim),
    u32("llama.attention.head_count", o.heads),
    u32("llama.attention.head_count_kv", o.headsKv),
    { key: "llama.attention.layer_norm_rms_epsilon", type: GgufValueType.FLOAT32, value: 1e-5 },
    { key: "llama.rope.freq_base", type: GgufValueType.FLOAT32, value: 10000 },
    u32("llama.vocab_size", o.vocab),
    { key: "tokenizer.ggml.model", type: GgufValueType.STRING, value: "llama" },
    { key: "tokenizer.ggml.tokens", type: GgufValueType.ARRAY, itemType: GgufValueType.STRING, value: vocab.tokens },
    { key: "tokenizer.ggml.scores", type: GgufValueType.ARRAY, itemType: GgufValueType.FLOAT32, value: vocab.scores },
    { key: "tokenizer.ggml.token_type", type: GgufValueType.ARRAY, itemType: GgufValueType.INT32, value: vocab.types },
    u32("tokenizer.ggml.bos_token_id", 1),
    u32("tokenizer.ggml.eos_token_id", 2),
    u32("tokenizer.ggml.unknown_token_id", 0),
    { key: "tokenizer.ggml.add_bos_token", type: GgufValueType.BOOL, value: true },
    { key: "tokenizer.ggml.add_eos_token", type: GgufValueType.BOOL, value: false },
  ];
  if (o.chatTemplate !== undefined) metadata.push({ key: "tokenizer.chat_template", type: GgufValueType.STRING, value: o.chatTemplate });

  const weight = (name: string, shape: number[], fixRow?: RowFix): GgufTensorSpec => ({
    name,
    shape,
    type,
    data: () => randomValues({ seed: o.seed, name, shape, type, center: 0, std: WEIGHT_STD, fixRow }),
  });
  const norm = (name: string): GgufTensorSpec => ({
    name,
    shape: [o.embd],
    type: GgmlType.F32,
    data: () => randomValues({ seed: o.seed, name, shape: [o.embd], type: GgmlType.F32, center: 1, std: 0.01 }),
  });
  // Printable output: every embedding carries a large constant in dimension 0, which survives the residual stream
  // and the final RMS norm as a large positive h[0]; a negative weight there in the output rows of <unk>, <s>, </s>
  // and the byte tokens keeps their logits far below the others, so the model never emits NULs, broken UTF-8 or EOS.
  const printable = o.printableOutput !== false;
  const embdFix: RowFix = (row) => {
    row[0] = 1;
  };
  const outputFix: RowFix = (row, token) => {
    if (token < SPECIAL_TOKENS + BYTE_TOKENS) row[0] = -1;
  };
  const tensors: GgufTensorSpec[] = [weight("token_embd.weight", [o.embd, o.vocab], printable ? embdFix : undefined)];
  for (let i = 0; i < o.layers; i++) {
    const p = `blk.${i}.`;
    tensors.push(
      norm(`${p}attn_norm.weight`),
      weight(`${p}attn_q.weight`, [o.embd, o.embd]),
      weight(`${p}attn_k.weight`, [o.embd, embdKv]),
      weight(`${p}attn_v.weight`, [o.embd, embdKv]),
      weight(`${p}attn_output.weight`, [o.embd, o.embd]),
      norm(`${p}ffn_norm.weight`),
      weight(`${p}ffn_gate.weight`, [o.embd, o.ff]),
      weight(`${p}ffn_up.weight`, [o.embd, o.ff]),
      weight(`${p}ffn_down.weight`, [o.ff, o.embd]),
    );
  }
  tensors.push(norm("output_norm.weight"), weight("output.weight", [o.embd, o.vocab], printable ? outputFix : undefined));
  return { metadata, tensors };
}

function validate(o: ResolvedOptions): void {
  for (const key of ["seed", "layers", "embd", "heads", "headsKv", "ff", "vocab", "ctx"] as const) {
    const v = o[key];
    if (!Number.isSafeInteger(v) || v < (key === "seed" ? 0 : 1)) throw new RangeError(`${key} must be a positive integer (got ${v}).`);
  }
  if (o.seed > 0xffffffff) throw new RangeError("seed must fit in 32 bits.");
  if (!(o.type in GGML_TYPE)) throw new RangeError(`type must be one of ${Object.keys(GGML_TYPE).join(", ")} (got ${o.type}).`);
  if (o.embd % o.heads !== 0 || (o.embd / o.heads) % 2 !== 0)
    throw new RangeError("embd must be a multiple of heads with an even head size (RoPE rotates pairs).");
  if (o.heads % o.headsKv !== 0) throw new RangeError("heads must be a multiple of headsKv.");
  if (o.vocab < SPECIAL_TOKENS + BYTE_TOKENS + 1)
    throw new RangeError(`vocab must be at least ${SPECIAL_TOKENS + BYTE_TOKENS + 1} (3 special + 256 byte tokens + "▁").`);
  if ((o.type === "q4_0" || o.type === "q8_0") && (o.embd % 32 !== 0 || o.ff % 32 !== 0)) {
    throw new RangeError(`${o.type} packs rows in blocks of 32: embd and ff must be multiples of 32.`);
  }
}

/** mulberry32: tiny, fast and good enough for weights; never Math.random, so files are reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each tensor gets its own stream (seed + name), so its values do not depend on the other tensors. */
function tensorSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Adjusts one row (ne[0] contiguous values) of a tensor in place; `index` is the row's number. */
type RowFix = (row: Float32Array, index: number) => void;

interface RandomTensor {
  seed: number;
  name: string;
  shape: number[];
  type: GgmlType;
  center: number;
  std: number;
  fixRow?: RowFix;
}

function* randomValues({ seed, name, shape, type, center, std, fixRow }: RandomTensor): Generator<Buffer> {
  const rand = mulberry32(tensorSeed(seed, name));
  const halfWidth = std * Math.sqrt(3); // uniform on [-w, w] has standard deviation w/√3
  const rowLength = shape[0] ?? 1;
  const total = shape.reduce((n, d) => n * d, 1);
  // Whole rows per chunk, so row fixes and quantization blocks never straddle two chunks.
  const chunk = new Float32Array(Math.min(total, rowLength * Math.max(1, Math.floor(CHUNK_VALUES / rowLength))));
  for (let done = 0; done < total; done += chunk.length) {
    const values = total - done < chunk.length ? chunk.subarray(0, total - done) : chunk;
    for (let i = 0; i < values.length; i++) values[i] = center + (rand() * 2 - 1) * halfWidth;
    if (fixRow) for (let r = 0; r < values.length; r += rowLength) fixRow(values.subarray(r, r + rowLength), (done + r) / rowLength);
    yield encodeTensorValues(type, values);
  }
}

// Roughly by frequency in English chat text, so even a 512-token vocabulary covers the commonest words.
const COMMON_WORDS =
  "the of and to a in is you that it for was on are as with be this have I not at by or from but what your all we can if an they do will one there which their about so more how when up out some would has like just know time my me he she his her no don't yes here question answer help helpful assistant please thank thanks hello Hello world story once upon model chat Hearth fire warm home make write tell explain why because information false true sense any does should could good new first other people than then them these also into only over think way work use said each many".split(
    " ",
  );
const SINGLES = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?'\"-:;()[]{}/\\@#$%&*+=<>_~`|^"];

/** A synthetic SentencePiece vocabulary: <unk> <s> </s>, 256 byte-fallback tokens, then pieces with merge paths. */
export function buildVocab(size: number): { tokens: string[]; scores: number[]; types: number[] } {
  const tokens = ["<unk>", "<s>", "</s>"];
  const types = [2, 3, 3];
  for (let b = 0; b < BYTE_TOKENS; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`);
    types.push(6);
  }
  const seen = new Set<string>();
  for (const piece of pieces()) {
    if (tokens.length >= size) break;
    if (seen.has(piece)) continue;
    seen.add(piece);
    tokens.push(piece);
    types.push(1);
  }
  // Earlier pieces merge first: SentencePiece prefers the higher score.
  const scores = tokens.map((_, i) => (i < SPECIAL_TOKENS + BYTE_TOKENS ? 0 : -(i - SPECIAL_TOKENS - BYTE_TOKENS)));
  return { tokens, scores, types };
}

function* pieces(): Generator<string> {
  yield "▁";
  yield* SINGLES;
  for (const c of SINGLES.slice(0, 52)) yield `▁${c}`;
  // SentencePiece only merges adjacent pieces whose concatenation is in the vocabulary, so each word brings its prefixes.
  for (const word of COMMON_WORDS) for (let i = 1; i <= word.length; i++) yield `▁${word.slice(0, i)}`;
  const lower = [..."abcdefghijklmnopqrstuvwxyz"];
  for (let len = 2; ; len++) {
    for (const combo of combos(lower, len)) {
      yield combo;
      yield `▁${combo}`;
    }
  }
}

function* combos(alphabet: string[], len: number): Generator<string> {
  if (len === 0) {
    yield "";
    return;
  }
  for (const head of alphabet) for (const rest of combos(alphabet, len - 1)) yield head + rest;
}
