// Reads only a GGUF file's header (metadata + tensor infos); tensor data is never loaded, only its extent checked.
import fs from "node:fs/promises";
import {
  alignOffset,
  fileTypeName,
  GGML_TYPES,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC_BYTES,
  GGUF_READ_VERSIONS,
  GGUF_SCALAR_SIZE,
  GgufValueType,
  tensorByteSize,
} from "./format";

export type GgufErrorCode = "not_gguf" | "truncated" | "unsupported_version" | "corrupt";

export class GgufError extends Error {
  readonly code: GgufErrorCode;
  constructor(code: GgufErrorCode, message: string) {
    super(message);
    this.name = "GgufError";
    this.code = code;
  }
}

export type GgufScalar = number | bigint | boolean | string;
/** Stands in for an array longer than `maxArrayLength`: its items were read past but not kept. */
export interface GgufArraySummary {
  readonly kind: "array-summary";
  readonly itemType: GgufValueType;
  readonly length: number;
}
export type GgufValue = GgufScalar | GgufValue[] | GgufArraySummary;

export interface GgufTensorInfo {
  name: string;
  /** ggml order: shape[0] is the contiguous (innermost) dimension. */
  shape: number[];
  type: number;
  /** Relative to `dataOffset`. */
  offset: number;
  sizeBytes: number;
}

export interface GgufHeader {
  version: number;
  tensorCount: number;
  metadata: Record<string, GgufValue>;
  tensors: GgufTensorInfo[];
  alignment: number;
  dataOffset: number;
  /** From `dataOffset` to the end of the last tensor. */
  dataSize: number;
  fileSize: number;
}

export interface ReadGgufHeaderOptions {
  /** Arrays longer than this are summarised as a GgufArraySummary (default 1024). */
  maxArrayLength?: number;
  /** Keys whose arrays are always kept in full, e.g. "tokenizer.ggml.tokens". */
  keepArrays?: readonly string[];
}

export function isGgufArraySummary(value: GgufValue | undefined): value is GgufArraySummary {
  return typeof value === "object" && value !== null && !Array.isArray(value) && value.kind === "array-summary";
}

/** Length of an array value, whether kept or summarised; undefined for a non-array. */
export function ggufArrayLength(value: GgufValue | undefined): number | undefined {
  if (Array.isArray(value)) return value.length;
  return isGgufArraySummary(value) ? value.length : undefined;
}

const MiB = 1024 * 1024;
const LIMITS = {
  keyLength: 64 * 1024,
  stringLength: MiB,
  // tokenizer.huggingface.json embeds a whole tokenizer.json; chat templates can reach hundreds of KiB.
  bigStringLength: 64 * MiB,
  arrayLength: 1 << 24,
  arrayDepth: 4,
  kvCount: 1 << 20,
  tensorCount: 1 << 20,
  dims: 4,
};
const BIG_STRING_KEYS = /^tokenizer\.(chat_template(\..+)?|huggingface\.json)$/;
const CHUNK = 256 * 1024;

/** A forward-only view over the file that keeps one window of it in a buffer which grows as needed. */
class Cursor {
  pos = 0;
  context = "the header";
  private buf = Buffer.alloc(CHUNK);
  private bufStart = 0;
  private bufLen = 0;

  constructor(
    private readonly fh: fs.FileHandle,
    readonly fileSize: number,
    private readonly filePath: string,
  ) {}

  truncated(): GgufError {
    return new GgufError(
      "truncated",
      `${this.filePath} is cut short: it ends at byte ${this.fileSize} while reading ${this.context}. The file is incomplete (an interrupted download or copy?).`,
    );
  }

  skip(n: number): void {
    if (this.pos + n > this.fileSize) throw this.truncated();
    this.pos += n;
  }

  /** Makes `n` bytes at `pos` available and returns their index in the buffer. */
  async take(n: number): Promise<[Buffer, number]> {
    if (this.pos < this.bufStart || this.pos + n > this.bufStart + this.bufLen) await this.fill(n);
    const at = this.pos - this.bufStart;
    this.pos += n;
    return [this.buf, at];
  }

  private async fill(n: number): Promise<void> {
    if (this.pos + n > this.fileSize) throw this.truncated();
    if (this.buf.length < n) this.buf = Buffer.alloc(Math.max(n, this.buf.length * 2));
    const want = Math.min(this.buf.length, this.fileSize - this.pos);
    let got = 0;
    while (got < want) {
      const { bytesRead } = await this.fh.read(this.buf, got, want - got, this.pos + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    this.bufStart = this.pos;
    this.bufLen = got;
    if (got < n) throw this.truncated();
  }

  async u32(): Promise<number> {
    const [b, at] = await this.take(4);
    return b.readUInt32LE(at);
  }

  async u64(): Promise<bigint> {
    const [b, at] = await this.take(8);
    return b.readBigUInt64LE(at);
  }

  async count(what: string, max: number): Promise<number> {
    const n = await this.u64();
    if (n > BigInt(max))
      throw new GgufError(
        "corrupt",
        `${this.filePath} has an implausible ${what} (${n}, limit ${max}) in ${this.context}; the header is damaged.`,
      );
    return Number(n);
  }

  async string(max: number): Promise<string> {
    const len = await this.count("string length", max);
    const [b, at] = await this.take(len);
    return b.toString("utf8", at, at + len);
  }

  async skipString(max: number): Promise<void> {
    this.skip(await this.count("string length", max));
  }
}

async function readScalar(c: Cursor, type: GgufValueType): Promise<GgufScalar> {
  const size = GGUF_SCALAR_SIZE[type] ?? 0;
  const [b, at] = await c.take(size);
  switch (type) {
    case GgufValueType.UINT8:
      return b.readUInt8(at);
    case GgufValueType.INT8:
      return b.readInt8(at);
    case GgufValueType.UINT16:
      return b.readUInt16LE(at);
    case GgufValueType.INT16:
      return b.readInt16LE(at);
    case GgufValueType.UINT32:
      return b.readUInt32LE(at);
    case GgufValueType.INT32:
      return b.readInt32LE(at);
    case GgufValueType.FLOAT32:
      return b.readFloatLE(at);
    case GgufValueType.BOOL:
      return b.readUInt8(at) !== 0;
    case GgufValueType.FLOAT64:
      return b.readDoubleLE(at);
    case GgufValueType.UINT64:
      return toNumberIfSafe(b.readBigUInt64LE(at));
    default:
      return toNumberIfSafe(b.readBigInt64LE(at));
  }
}

function toNumberIfSafe(n: bigint): number | bigint {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(n) : n;
}

interface ValueLimits {
  maxString: number;
  maxArrayLength: number;
}

async function readValue(c: Cursor, type: number, limits: ValueLimits, depth = 0): Promise<GgufValue> {
  if (type === GgufValueType.STRING) return c.string(limits.maxString);
  if (type !== GgufValueType.ARRAY) {
    if (GGUF_SCALAR_SIZE[type as GgufValueType] === undefined)
      throw new GgufError("corrupt", `Unknown GGUF value type ${type} in ${c.context}; the header is damaged.`);
    return readScalar(c, type);
  }
  if (depth >= LIMITS.arrayDepth)
    throw new GgufError("corrupt", `Arrays nested deeper than ${LIMITS.arrayDepth} levels in ${c.context}; the header is damaged.`);
  const itemType = await c.u32();
  const length = await c.count("array length", LIMITS.arrayLength);
  const keep = length <= limits.maxArrayLength;
  const scalarSize = GGUF_SCALAR_SIZE[itemType as GgufValueType];
  if (!keep && scalarSize !== undefined) {
    c.skip(length * scalarSize);
    return { kind: "array-summary", itemType, length };
  }
  if (!keep && itemType === GgufValueType.STRING) {
    for (let i = 0; i < length; i++) await c.skipString(limits.maxString);
    return { kind: "array-summary", itemType, length };
  }
  const items: GgufValue[] = [];
  for (let i = 0; i < length; i++) {
    const item = await readValue(c, itemType, limits, depth + 1);
    if (keep) items.push(item);
  }
  return keep ? items : { kind: "array-summary", itemType, length };
}

export async function readGgufHeader(filePath: string, opts: ReadGgufHeaderOptions = {}): Promise<GgufHeader> {
  const fh = await fs.open(filePath, "r");
  try {
    const fileSize = (await fh.stat()).size;
    const c = new Cursor(fh, fileSize, filePath);
    const head = Buffer.alloc(Math.min(64, fileSize));
    await fh.read(head, 0, head.length, 0);
    if (head.length < 4 || !head.subarray(0, 4).equals(GGUF_MAGIC_BYTES)) {
      throw new GgufError("not_gguf", `${filePath} is not a GGUF model file${describeNonGguf(head)}.`);
    }
    c.skip(4);
    const version = await c.u32();
    if (!GGUF_READ_VERSIONS.includes(version)) {
      const hint =
        version > 0xffff
          ? " (a big-endian GGUF, which this platform cannot load)"
          : version === 1
            ? " (GGUF v1 is obsolete; re-convert the model)"
            : "";
      throw new GgufError(
        "unsupported_version",
        `${filePath} is GGUF version ${version}${hint}; only versions ${GGUF_READ_VERSIONS.join(" and ")} are supported.`,
      );
    }
    const tensorCount = await c.count("tensor count", LIMITS.tensorCount);
    const kvCount = await c.count("metadata count", LIMITS.kvCount);
    const metadata: Record<string, GgufValue> = Object.create(null);
    const maxArrayLength = opts.maxArrayLength ?? 1024;
    for (let i = 0; i < kvCount; i++) {
      c.context = `metadata entry #${i}`;
      const key = await c.string(LIMITS.keyLength);
      c.context = `metadata "${key}"`;
      if (key in metadata) throw new GgufError("corrupt", `${filePath} repeats the metadata key "${key}"; the header is damaged.`);
      const type = await c.u32();
      const keepAll = opts.keepArrays?.includes(key) ?? false;
      const maxString = BIG_STRING_KEYS.test(key) ? LIMITS.bigStringLength : LIMITS.stringLength;
      metadata[key] = await readValue(c, type, { maxString, maxArrayLength: keepAll ? Number.POSITIVE_INFINITY : maxArrayLength });
    }
    const alignment = readAlignment(metadata, filePath);
    const tensors: GgufTensorInfo[] = [];
    const names = new Set<string>();
    for (let i = 0; i < tensorCount; i++) {
      c.context = `tensor info #${i}`;
      const name = await c.string(LIMITS.keyLength);
      c.context = `tensor info "${name}"`;
      if (names.has(name)) throw new GgufError("corrupt", `${filePath} describes the tensor "${name}" twice; the header is damaged.`);
      names.add(name);
      const nDims = await c.u32();
      if (nDims > LIMITS.dims)
        throw new GgufError(
          "corrupt",
          `${filePath}: tensor "${name}" has ${nDims} dimensions (at most ${LIMITS.dims}); the header is damaged.`,
        );
      const shape: number[] = [];
      for (let d = 0; d < nDims; d++) shape.push(await c.count("dimension", Number.MAX_SAFE_INTEGER));
      const type = await c.u32();
      const offset = await c.count("tensor offset", Number.MAX_SAFE_INTEGER);
      tensors.push({ name, shape, type, offset, sizeBytes: tensorSize(filePath, name, type, shape, offset, alignment) });
    }
    const dataOffset = Number(alignOffset(BigInt(c.pos), alignment));
    const dataSize = tensors.reduce((end, t) => Math.max(end, t.offset + t.sizeBytes), 0);
    if (tensors.length > 0 && dataOffset + dataSize > fileSize) {
      throw new GgufError(
        "truncated",
        `${filePath} is cut short: it is ${fileSize} bytes but its tensors need ${dataOffset + dataSize}. The file is incomplete (an interrupted download or copy?).`,
      );
    }
    return { version, tensorCount, metadata, tensors, alignment, dataOffset, dataSize, fileSize };
  } finally {
    await fh.close();
  }
}

function readAlignment(metadata: Record<string, GgufValue>, filePath: string): number {
  const value = metadata["general.alignment"];
  if (value === undefined) return GGUF_DEFAULT_ALIGNMENT;
  if (typeof value !== "number" || value <= 0 || value > 1 << 30 || (value & (value - 1)) !== 0) {
    throw new GgufError("corrupt", `${filePath} has general.alignment ${String(value)}, which is not a power of two.`);
  }
  return value;
}

function tensorSize(filePath: string, name: string, type: number, shape: number[], offset: number, alignment: number): number {
  const info = GGML_TYPES[type];
  if (!info)
    throw new GgufError(
      "corrupt",
      `${filePath}: tensor "${name}" has unknown ggml type ${type} (a newer quantization format, or a damaged header).`,
    );
  const size = tensorByteSize(type, shape);
  if (size === undefined || size > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new GgufError(
      "corrupt",
      `${filePath}: tensor "${name}" has shape [${shape.join(", ")}], impossible for type ${info.name}; the header is damaged.`,
    );
  }
  if (offset % alignment !== 0)
    throw new GgufError(
      "corrupt",
      `${filePath}: tensor "${name}" starts at offset ${offset}, not a multiple of the alignment ${alignment}; the header is damaged.`,
    );
  return Number(size);
}

function describeNonGguf(head: Buffer): string {
  const text = head.toString("latin1");
  if (head.length === 0) return " (it is empty)";
  if (text.startsWith("\x89PNG")) return " (it is a PNG image)";
  if (text.startsWith("version https://git-lfs")) return " (it is a Git LFS pointer; fetch the real file with `git lfs pull`)";
  if (/^\s*<(!doctype|html|\?xml)/i.test(text)) return " (it is an HTML/XML page, perhaps a download error page)";
  if (text.startsWith("PK\x03\x04")) return " (it is a ZIP archive, e.g. a PyTorch checkpoint; convert it to GGUF first)";
  if (head.length >= 10 && head.readBigUInt64LE(0) < 100_000_000n && text.slice(8, 10) === '{"')
    return " (it is a safetensors file; convert it to GGUF first)";
  if (isUtf8Text(head)) return " (it looks like a text file)";
  return ` (it starts with bytes ${head.subarray(0, 4).toString("hex")}, not "GGUF")`;
}

function isUtf8Text(head: Buffer): boolean {
  // The 64-byte sample may end inside a multi-byte character.
  const text = new TextDecoder("utf-8", { fatal: false }).decode(head).replace(/\uFFFD{1,3}$/, "");
  return !text.includes("\uFFFD") && !head.some((b) => b < 0x09 || (b > 0x0d && b < 0x20));
}

export interface GgufSummary {
  architecture: string | null;
  name: string | null;
  quantization: string | null;
  contextLength: number | null;
  parameterCount: number;
  chatTemplate: string | null;
  tensorCount: number;
  sizeBytes: number;
}

export function summarizeGguf(header: GgufHeader, sizeBytes: number): GgufSummary {
  const architecture = stringValue(header.metadata["general.architecture"]);
  const ctx = architecture ? header.metadata[`${architecture}.context_length`] : undefined;
  return {
    architecture,
    name: stringValue(header.metadata["general.name"]),
    quantization: quantizationName(header),
    contextLength: typeof ctx === "number" ? ctx : typeof ctx === "bigint" ? Number(ctx) : null,
    parameterCount: header.tensors.reduce((sum, t) => sum + t.shape.reduce((n, d) => n * d, 1), 0),
    chatTemplate: stringValue(header.metadata["tokenizer.chat_template"]),
    tensorCount: header.tensorCount,
    sizeBytes,
  };
}

function stringValue(value: GgufValue | undefined): string | null {
  return typeof value === "string" ? value : null;
}

function quantizationName(header: GgufHeader): string | null {
  const fileType = header.metadata["general.file_type"];
  const named = typeof fileType === "number" ? fileTypeName(fileType) : undefined;
  if (named) return named;
  // Without a known file type, name the type holding the most weights (norms and biases are 1-D and F32 anyway).
  const elementsByType = new Map<number, number>();
  for (const t of header.tensors) {
    if (t.shape.length < 2) continue;
    elementsByType.set(t.type, (elementsByType.get(t.type) ?? 0) + t.shape.reduce((n, d) => n * d, 1));
  }
  let best: [number, number] | undefined;
  for (const entry of elementsByType) if (!best || entry[1] > best[1]) best = entry;
  return best ? (GGML_TYPES[best[0]]?.name ?? null) : null;
}
