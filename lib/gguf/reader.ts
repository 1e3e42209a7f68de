// Reads only a GGUF file's header (metadata + tensor infos); tensor data is never loaded, only its extent checked.
import fs from "node:fs/promises";
import { GgufError } from "./error";
import { FileCursor } from "./file-cursor";
import { alignOffset, GGML_TYPES, GGUF_DEFAULT_ALIGNMENT, GGUF_MAGIC_BYTES, GGUF_READ_VERSIONS, tensorByteSize } from "./format";
import { type GgufValue, readMetadataValue } from "./metadata-value";

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
  /** Size of the whole file when `filePath` holds only its beginning (a header fetched over HTTP). */
  wholeFileSize?: number;
}

const MiB = 1024 * 1024;
const LIMITS = {
  keyLength: 64 * 1024,
  stringLength: MiB,
  // tokenizer.huggingface.json embeds a whole tokenizer.json; chat templates can reach hundreds of KiB.
  bigStringLength: 64 * MiB,
  kvCount: 1 << 20,
  tensorCount: 1 << 20,
  dims: 4,
};
const BIG_STRING_KEYS = /^tokenizer\.(chat_template(\..+)?|huggingface\.json)$/;

export async function readGgufHeader(filePath: string, opts: ReadGgufHeaderOptions = {}): Promise<GgufHeader> {
  const fh = await fs.open(filePath, "r");
  try {
    const fileSize = (await fh.stat()).size;
    const c = new FileCursor(fh, fileSize, filePath);
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
      metadata[key] = await readMetadataValue(c, type, { maxString, maxArrayLength: keepAll ? Number.POSITIVE_INFINITY : maxArrayLength });
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
    const wholeSize = opts.wholeFileSize ?? fileSize;
    if (tensors.length > 0 && dataOffset + dataSize > wholeSize) {
      throw new GgufError(
        "truncated",
        `${filePath} is cut short: it is ${wholeSize} bytes but its tensors need ${dataOffset + dataSize}. The file is incomplete (an interrupted download or copy?).`,
      );
    }
    return { version, tensorCount, metadata, tensors, alignment, dataOffset, dataSize, fileSize: wholeSize };
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
