// A BERT embedding model in GGUF whose vectors mean something without training: each token's embedding is a
// random high-dimensional vector (nearly orthogonal to every other), the one layer's attention and feed-forward
// weights are zero (the residual stream keeps each token's own embedding through llama.cpp's layer norms), and
// mean pooling adds them up. So the cosine of two texts is close to their word overlap: "the boiler pressure
// manual" is near "boiler pressure" (≈ 2/√8) and far from "school worksheet" (≈ 0). English words are whole
// tokens (unknown ones fall back to two-letter pieces), each Chinese character is one, punctuation and control
// tokens embed to zero. Retrieval through the real llama.cpp then gives answers a test can predict.
import { GgmlType, GgufValueType } from "@/lib/gguf/format";
import { encodeTensorValues, type GgufMetadataEntry, type GgufTensorSpec, type GgufWriteSpec, writeGguf } from "@/lib/gguf/writer";
import { mulberry32 } from "./tiny-model";

export interface LexicalEmbeddingOptions {
  /** Vector length (default 384, like multilingual-e5-small). */
  dimensions?: number;
  seed?: number;
  name?: string;
  /** Longest text in tokens (position embeddings; default 512). */
  contextLength?: number;
}

const SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] as const;
const WORD_START = "▁"; // llama.cpp's WordPiece marks a word's first piece with U+2581, as converted BERT vocabularies do
const FEED_FORWARD = 32;
const HEADS = 4;

// Common English words and the ones tests and benches use; any other word is spelt in two-letter pieces.
const WORDS = `the of and to a in is you that it for was on are as with be this have i not at by or from but what your all we
can if an they do will one there which their about so more how when up out some would has like just know time my me he
she his her no yes here question answer help please thank hello world story model chat hearth fire warm home make write
tell explain why because any does should could good new first other people than then them these also into only over
think way work use said each many boiler pressure manual heating heater water hot cold gas bar valve radiator service
engineer repair reset error code fault school worksheet homework teacher maths math reading spelling class lesson pupil
garden recipe cooking bread flour sugar salt oven bake cake soup dinner lunch breakfast car engine tyre oil insurance
policy bank account tax return invoice receipt bill payment rent lease contract house kitchen bathroom window door roof
wall floor paint doctor medicine health dose tablet appointment passport visa travel flight hotel train ticket holiday
holidays weather rain snow sun summer winter spring autumn cat dog pet food vet warranty washing machine dishwasher fridge
freezer television phone computer laptop printer router wifi password internet network battery charger cable power light
switch fuse electric electricity meter reading energy solar panel document documents file page chapter section table
figure note notes summary report letter email date day week month year today tomorrow yesterday morning evening night
family child children mother father parent brother sister baby birthday party music song game book film movie news
price cost money pay paid buy sell shop store order delivery return refund guarantee safety instructions install
installation settings setting temperature thermostat timer clock alarm filter clean cleaning maintenance check annual
minimum maximum low high normal level red green blue yellow black white number first second third last next previous`.split(/\s+/);

/** The vocabulary: control tokens, English words, two-letter pieces, the CJK Unified Ideographs block. */
export function lexicalVocabulary(): string[] {
  const tokens: string[] = [...SPECIALS];
  const seen = new Set<string>(tokens);
  const add = (token: string) => {
    if (!seen.has(token)) {
      seen.add(token);
      tokens.push(token);
    }
  };
  for (const word of WORDS) if (word) add(WORD_START + word);
  const alphabet = [..."abcdefghijklmnopqrstuvwxyz0123456789"];
  for (const a of alphabet) {
    add(WORD_START + a);
    add(a);
    for (const b of alphabet) {
      add(WORD_START + a + b);
      add(a + b);
    }
  }
  for (let code = 0x4e00; code <= 0x9fff; code++) add(WORD_START + String.fromCodePoint(code));
  return tokens;
}

export async function makeLexicalEmbeddingGguf(
  options: LexicalEmbeddingOptions & { out: string },
): Promise<{ path: string; sizeBytes: number; dimensions: number }> {
  const spec = lexicalEmbeddingSpec(options);
  const { sizeBytes } = await writeGguf(options.out, spec);
  return { path: options.out, sizeBytes, dimensions: options.dimensions ?? 384 };
}

export function lexicalEmbeddingSpec(options: LexicalEmbeddingOptions = {}): GgufWriteSpec {
  const dims = options.dimensions ?? 384;
  const ctx = options.contextLength ?? 512;
  const seed = options.seed ?? 7;
  if (!Number.isSafeInteger(dims) || dims < HEADS * 2 || dims % HEADS !== 0)
    throw new RangeError(`dimensions must be a multiple of ${HEADS} (got ${dims}).`);
  const tokens = lexicalVocabulary();
  const u32 = (key: string, value: number): GgufMetadataEntry => ({ key, type: GgufValueType.UINT32, value });
  const metadata: GgufMetadataEntry[] = [
    { key: "general.architecture", type: GgufValueType.STRING, value: "bert" },
    { key: "general.name", type: GgufValueType.STRING, value: options.name ?? `lexical-embedding-${dims}` },
    u32("general.file_type", 1),
    u32("bert.context_length", ctx),
    u32("bert.embedding_length", dims),
    u32("bert.block_count", 1),
    u32("bert.feed_forward_length", FEED_FORWARD),
    u32("bert.attention.head_count", HEADS),
    { key: "bert.attention.layer_norm_epsilon", type: GgufValueType.FLOAT32, value: 1e-12 },
    { key: "bert.attention.causal", type: GgufValueType.BOOL, value: false },
    u32("bert.pooling_type", 1), // mean
    { key: "tokenizer.ggml.model", type: GgufValueType.STRING, value: "bert" },
    { key: "tokenizer.ggml.tokens", type: GgufValueType.ARRAY, itemType: GgufValueType.STRING, value: tokens },
    {
      key: "tokenizer.ggml.token_type",
      type: GgufValueType.ARRAY,
      itemType: GgufValueType.INT32,
      value: tokens.map((_, i) => (i < SPECIALS.length ? 3 : 1)),
    },
    u32("tokenizer.ggml.token_type_count", 2),
    u32("tokenizer.ggml.padding_token_id", 0),
    u32("tokenizer.ggml.unknown_token_id", 1),
    u32("tokenizer.ggml.cls_token_id", 2),
    u32("tokenizer.ggml.seperator_token_id", 3), // sic: llama.cpp's key is spelt this way
    u32("tokenizer.ggml.mask_token_id", 4),
    u32("tokenizer.ggml.bos_token_id", 2),
    u32("tokenizer.ggml.eos_token_id", 3),
  ];
  const f32 = (name: string, shape: number[], value: number): GgufTensorSpec => ({
    name,
    shape,
    type: GgmlType.F32,
    data: encodeTensorValues(GgmlType.F32, new Float32Array(shape.reduce((n, d) => n * d, 1)).fill(value)),
  });
  const tensors: GgufTensorSpec[] = [
    { name: "token_embd.weight", shape: [dims, tokens.length], type: GgmlType.F16, data: () => tokenEmbeddings(seed, dims, tokens.length) },
    f32("token_types.weight", [dims, 2], 0),
    f32("position_embd.weight", [dims, ctx], 0),
    f32("token_embd_norm.weight", [dims], 1),
    f32("token_embd_norm.bias", [dims], 0),
  ];
  const p = "blk.0.";
  for (const part of ["attn_q", "attn_k", "attn_v", "attn_output"])
    tensors.push(f32(`${p}${part}.weight`, [dims, dims], 0), f32(`${p}${part}.bias`, [dims], 0));
  tensors.push(
    f32(`${p}attn_output_norm.weight`, [dims], 1),
    f32(`${p}attn_output_norm.bias`, [dims], 0),
    f32(`${p}ffn_up.weight`, [dims, FEED_FORWARD], 0),
    f32(`${p}ffn_up.bias`, [FEED_FORWARD], 0),
    f32(`${p}ffn_down.weight`, [FEED_FORWARD, dims], 0),
    f32(`${p}ffn_down.bias`, [dims], 0),
    f32(`${p}layer_output_norm.weight`, [dims], 1),
    f32(`${p}layer_output_norm.bias`, [dims], 0),
  );
  return { metadata, tensors };
}

/** Random ±1 rows, centred (the layer norm subtracts each row's mean); control tokens stay zero. */
function* tokenEmbeddings(seed: number, dims: number, vocab: number): Generator<Buffer> {
  const rand = mulberry32(seed);
  const rowsPerChunk = Math.max(1, Math.floor((1 << 20) / dims));
  for (let start = 0; start < vocab; start += rowsPerChunk) {
    const rows = Math.min(rowsPerChunk, vocab - start);
    const values = new Float32Array(rows * dims);
    for (let r = 0; r < rows; r++) {
      if (start + r < SPECIALS.length) continue;
      const row = values.subarray(r * dims, (r + 1) * dims);
      let sum = 0;
      for (let i = 0; i < dims; i++) {
        row[i] = rand() < 0.5 ? -1 : 1;
        sum += row[i] ?? 0;
      }
      const mean = sum / dims;
      for (let i = 0; i < dims; i++) row[i] = (row[i] ?? 0) - mean;
    }
    yield encodeTensorValues(GgmlType.F16, values);
  }
}
