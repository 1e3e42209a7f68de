// A generated model that answers every prompt with one fixed text, through the real llama.cpp engine: for tests
// that need a known answer (e.g. markdown to render) without a real instruct model.
//
// How: one layer whose attention and feed-forward weights are zero, so the residual stream is the current token's
// embedding. The text is cut into unique pieces, each a vocabulary token with a random unit embedding; the output
// row of piece i+1 is a multiple of piece i's embedding, so piece i is followed by piece i+1 with a logit gap no
// sampling temperature in use overcomes. Every other token (the prompt is all byte tokens, since no piece can be
// built by merging) shares one embedding direction, which leads to the first piece; the last piece leads to EOS.
// A `reply` is a second script said when the prompt ends with one given character (e.g. the newline that ends a
// function call's result): that byte token gets a second shared direction, which leads to the reply's first piece.
import { GgufValueType } from "@/lib/gguf/format";
import { type GgufMetadataEntry, type GgufTensorSpec, type GgufWriteSpec, writeGguf } from "@/lib/gguf/writer";
import { mulberry32, tinyModelSpec } from "./tiny-model";

const SPECIAL_TOKENS = 3;
const BYTE_TOKENS = 256;
const FIRST_PIECE = SPECIAL_TOKENS + BYTE_TOKENS;
const EOS = 2;
const MIN_PIECE = 3;
const EMBD = 256;
/** Logit scale: with 256 dimensions, unrelated unit vectors have |cos| < 0.35, so the next piece wins by ≳ 100. */
const GAIN = 8;

/** Cuts the text into pieces of at least MIN_PIECE characters, each different from all the others. */
export function scriptPieces(script: string, seen = new Set<string>()): string[] {
  if (script.length < MIN_PIECE) throw new RangeError(`The script must be at least ${MIN_PIECE} characters long.`);
  const text = script.replaceAll(" ", "▁");
  const pieces: string[] = [];
  let at = 0;
  while (at < text.length) {
    let end = at + MIN_PIECE;
    while (end < text.length && seen.has(text.slice(at, end))) end++;
    // A tail shorter than a piece (or one that repeats) joins the piece before it.
    if (text.length - end < MIN_PIECE) end = text.length;
    let piece = text.slice(at, end);
    if (seen.has(piece) || piece.length < MIN_PIECE) {
      const last = pieces.pop();
      if (last === undefined) throw new RangeError("The script cannot be cut into unique pieces.");
      seen.delete(last);
      piece = last + piece;
      if (seen.has(piece)) throw new RangeError("The script cannot be cut into unique pieces.");
    }
    pieces.push(piece);
    seen.add(piece);
    at = end;
  }
  return pieces;
}

/**
 * A script is its text, or segments of it that no piece straddles (where a grammar takes over mid-answer, e.g. a
 * function call's name, a piece that crossed the boundary would be refused and the text would change).
 */
export type Script = string | readonly string[];

/** A second script, said when the prompt's last character is `after` (one ASCII character). */
export type ScriptReply = { after: string; script: Script };

type ScriptedModelOptions = { script: Script; reply?: ScriptReply; ctx?: number; seed?: number };

function cutScript(script: Script, seen: Set<string>): string[] {
  return (typeof script === "string" ? [script] : script).flatMap((segment) => scriptPieces(segment, seen));
}

export function scriptedModelSpec({ script, reply, ctx = 2048, seed = 1 }: ScriptedModelOptions): GgufWriteSpec {
  if (reply && (reply.after.length !== 1 || reply.after.charCodeAt(0) > 127)) throw new RangeError("A reply follows one ASCII character.");
  const seen = new Set<string>();
  const mainPieces = cutScript(script, seen);
  const replyPieces = reply ? cutScript(reply.script, seen) : [];
  const pieces = [...mainPieces, ...replyPieces];
  const vocab = FIRST_PIECE + pieces.length;
  // The tiny model gives the metadata and tensor layout; the tokenizer and the weights are replaced below.
  const base = tinyModelSpec({ seed, layers: 1, embd: EMBD, heads: 4, headsKv: 4, ff: 64, vocab, ctx, type: "f32", name: "scripted" });
  const tokens = base.metadata.find((m) => m.key === "tokenizer.ggml.tokens");
  if (tokens?.type !== GgufValueType.ARRAY) throw new Error("tiny model metadata has no token list");
  const baseTokens = Array.from(tokens.value as ArrayLike<string>).slice(0, FIRST_PIECE);
  const tokenizer: Record<string, GgufMetadataEntry> = {
    "tokenizer.ggml.tokens": { ...tokens, value: [...baseTokens, ...pieces] },
    "tokenizer.ggml.scores": {
      key: "tokenizer.ggml.scores",
      type: GgufValueType.ARRAY,
      itemType: GgufValueType.FLOAT32,
      value: new Array(vocab).fill(0),
    },
    "tokenizer.ggml.token_type": {
      key: "tokenizer.ggml.token_type",
      type: GgufValueType.ARRAY,
      itemType: GgufValueType.INT32,
      value: [2, 3, 3, ...new Array(BYTE_TOKENS).fill(6), ...new Array(pieces.length).fill(1)],
    },
  };
  const metadata = base.metadata.map((m) => tokenizer[m.key] ?? m);

  const chain: Chain = {
    embeddings: pieceEmbeddings(pieces.length, seed),
    replyToken: reply ? SPECIAL_TOKENS + reply.after.charCodeAt(0) : -1,
    replyStart: reply ? mainPieces.length : -1,
  };
  const tensors = base.tensors.map((t): GgufTensorSpec => {
    if (t.name === "token_embd.weight") return { ...t, data: () => rows(vocab, (token) => embeddingOf(token, chain)) };
    if (t.name === "output.weight") return { ...t, data: () => rows(vocab, (token) => outputRowOf(token, chain)) };
    if (/^blk\.0\.(attn|ffn)_(q|k|v|output|gate|up|down)\.weight$/.test(t.name)) return { ...t, data: zeros(t.shape) };
    if (t.name.endsWith("norm.weight")) return { ...t, data: ones(t.shape) };
    return t;
  });
  return { metadata, tensors };
}

export async function makeScriptedGguf(opts: ScriptedModelOptions & { out: string }): Promise<{ path: string }> {
  await writeGguf(opts.out, scriptedModelSpec(opts));
  return { path: opts.out };
}

/** The pieces' embeddings, and where the reply (if any) starts: its trigger byte and its first piece. */
type Chain = { embeddings: Float32Array[]; replyToken: number; replyStart: number };

/** Random unit vectors for the pieces, orthogonal to dimensions 0 and 1 (the directions other tokens share). */
function pieceEmbeddings(count: number, seed: number): Float32Array[] {
  const rand = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const v = new Float32Array(EMBD);
    for (let i = 2; i < EMBD; i++) v[i] = rand() * 2 - 1;
    const norm = Math.hypot(...v);
    for (let i = 2; i < EMBD; i++) v[i] = (v[i] ?? 0) / norm;
    return v;
  });
}

function axis(dimension: number): Float32Array {
  const v = new Float32Array(EMBD);
  v[dimension] = 1;
  return v;
}

function embeddingOf(token: number, { embeddings, replyToken }: Chain): Float32Array {
  const piece = embeddings[token - FIRST_PIECE];
  if (piece && token >= FIRST_PIECE) return piece;
  return axis(token === replyToken ? 1 : 0);
}

/** What token t follows: the piece before it; a script's first piece follows its shared direction; EOS each last piece. */
function precedingDirection(token: number, { embeddings, replyStart }: Chain): Float32Array | undefined {
  const index = token - FIRST_PIECE;
  if (token === EOS) {
    const lasts = replyStart > 0 ? [embeddings[replyStart - 1], embeddings.at(-1)] : [embeddings.at(-1)];
    const sum = new Float32Array(EMBD);
    for (const last of lasts) for (let i = 0; i < EMBD; i++) sum[i] = (sum[i] ?? 0) + (last?.[i] ?? 0);
    return sum;
  }
  if (index < 0) return undefined;
  if (index === 0) return axis(0);
  if (index === replyStart) return axis(1);
  return embeddings[index - 1];
}

function outputRowOf(token: number, chain: Chain): Float32Array {
  const row = new Float32Array(EMBD);
  const after = precedingDirection(token, chain);
  if (after) for (let i = 0; i < EMBD; i++) row[i] = GAIN * (after[i] ?? 0);
  return row;
}

function* rows(count: number, row: (index: number) => Float32Array): Generator<Uint8Array> {
  for (let i = 0; i < count; i++) {
    const values = row(i);
    yield new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  }
}

function zeros(shape: readonly number[]): Uint8Array {
  return new Uint8Array(shape.reduce((n, d) => n * d, 1) * 4);
}

function ones(shape: readonly number[]): Uint8Array {
  const values = new Float32Array(shape.reduce((n, d) => n * d, 1)).fill(1);
  return new Uint8Array(values.buffer);
}
