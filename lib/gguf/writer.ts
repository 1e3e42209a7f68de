// Writes GGUF v3 files; tensor data is streamed chunk by chunk so multi-GB models never sit in memory.
import fs from "node:fs/promises";
import {
  alignOffset,
  GGML_TYPES,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC_BYTES,
  GGUF_SCALAR_SIZE,
  GGUF_WRITE_VERSION,
  GgmlType,
  GgufValueType,
  tensorByteSize,
} from "@/lib/gguf/format";

export type GgufScalarType = Exclude<GgufValueType, typeof GgufValueType.ARRAY>;
export type GgufWriteScalar = number | bigint | boolean | string;
export type GgufMetadataEntry =
  | { key: string; type: GgufScalarType; value: GgufWriteScalar }
  | { key: string; type: typeof GgufValueType.ARRAY; itemType: GgufScalarType; value: ArrayLike<GgufWriteScalar> };

export type GgufTensorChunks = Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
export interface GgufTensorSpec {
  name: string;
  /** ggml order: shape[0] is the contiguous (innermost) dimension. */
  shape: readonly number[];
  type: GgmlType;
  /** Raw bytes in `type`'s encoding, or a function producing them in chunks (called once, when the tensor is written). */
  data: Uint8Array | (() => GgufTensorChunks);
}

export interface GgufWriteSpec {
  metadata: readonly GgufMetadataEntry[];
  tensors: readonly GgufTensorSpec[];
}

const GGML_MAX_NAME = 64;

/** Writes via a sibling temp file renamed into place, so readers never see a half-written model. */
export async function writeGguf(filePath: string, spec: GgufWriteSpec): Promise<{ sizeBytes: number }> {
  const alignment = alignmentOf(spec.metadata);
  const header = new ByteBuilder();
  header.bytes(GGUF_MAGIC_BYTES);
  header.u32(GGUF_WRITE_VERSION);
  header.u64(spec.tensors.length);
  header.u64(spec.metadata.length);
  const keys = new Set<string>();
  for (const entry of spec.metadata) {
    if (keys.has(entry.key)) throw new Error(`Duplicate GGUF metadata key "${entry.key}".`);
    keys.add(entry.key);
    header.string(entry.key);
    header.u32(entry.type);
    if (entry.type === GgufValueType.ARRAY) {
      header.u32(entry.itemType);
      header.u64(entry.value.length);
      for (let i = 0; i < entry.value.length; i++) header.scalar(entry.itemType, entry.value[i] as GgufWriteScalar, entry.key);
    } else {
      header.scalar(entry.type, entry.value, entry.key);
    }
  }
  const sizes: bigint[] = [];
  let offset = 0n;
  const names = new Set<string>();
  for (const t of spec.tensors) {
    if (names.has(t.name)) throw new Error(`Duplicate tensor name "${t.name}".`);
    names.add(t.name);
    if (Buffer.byteLength(t.name) >= GGML_MAX_NAME) throw new Error(`Tensor name "${t.name}" is longer than ${GGML_MAX_NAME - 1} bytes.`);
    if (t.shape.length < 1 || t.shape.length > 4) throw new Error(`Tensor "${t.name}" must have 1 to 4 dimensions.`);
    const size = tensorByteSize(t.type, t.shape);
    if (size === undefined)
      throw new Error(`Tensor "${t.name}": shape [${t.shape.join(", ")}] does not fit type ${GGML_TYPES[t.type]?.name ?? t.type}.`);
    header.string(t.name);
    header.u32(t.shape.length);
    for (const d of t.shape) header.u64(d);
    header.u32(t.type);
    header.u64(offset);
    sizes.push(size);
    offset = alignOffset(offset + size, alignment);
  }
  header.bytes(Buffer.alloc(Number(alignOffset(BigInt(header.length), alignment)) - header.length));

  const tmpPath = `${filePath}.partial-${process.pid}`;
  const fh = await fs.open(tmpPath, "w");
  try {
    let written = header.length;
    await fh.write(header.result());
    for (const [i, t] of spec.tensors.entries()) {
      const expected = sizes[i] ?? 0n;
      let got = 0n;
      const chunks = t.data instanceof Uint8Array ? [t.data] : t.data();
      for await (const chunk of chunks) {
        got += BigInt(chunk.length);
        if (got > expected) break;
        await fh.write(chunk);
      }
      if (got !== expected)
        throw new Error(
          `Tensor "${t.name}" produced ${got > expected ? "more than" : "only"} ${got} bytes; its shape and type need ${expected}.`,
        );
      const padded = alignOffset(expected, alignment);
      // Like gguf.cpp, the last tensor is padded too.
      if (padded > expected) await fh.write(Buffer.alloc(Number(padded - expected)));
      written += Number(padded);
    }
    await fh.close();
    await fs.rename(tmpPath, filePath);
    return { sizeBytes: written };
  } catch (error) {
    await fh.close().catch(() => {});
    await fs.rm(tmpPath, { force: true });
    throw error;
  }
}

function alignmentOf(metadata: readonly GgufMetadataEntry[]): number {
  const entry = metadata.find((e) => e.key === "general.alignment");
  if (!entry) return GGUF_DEFAULT_ALIGNMENT;
  const value = Number(entry.value);
  if (entry.type !== GgufValueType.UINT32 || !Number.isInteger(value) || value <= 0 || (value & (value - 1)) !== 0) {
    throw new Error("general.alignment must be a UINT32 power of two.");
  }
  return value;
}

/** A little-endian byte builder for the header (which holds the vocabulary, so it can reach a few MB). */
class ByteBuilder {
  private buf = Buffer.alloc(64 * 1024);
  length = 0;

  private reserve(n: number): number {
    if (this.length + n > this.buf.length) {
      const next = Buffer.alloc(Math.max(this.buf.length * 2, this.length + n));
      this.buf.copy(next, 0, 0, this.length);
      this.buf = next;
    }
    const at = this.length;
    this.length += n;
    return at;
  }

  // reserve() may swap this.buf, so it must run before this.buf is read.
  bytes(b: Uint8Array): void {
    const at = this.reserve(b.length);
    this.buf.set(b, at);
  }

  u32(n: number): void {
    const at = this.reserve(4);
    this.buf.writeUInt32LE(n, at);
  }

  u64(n: number | bigint): void {
    const at = this.reserve(8);
    this.buf.writeBigUInt64LE(BigInt(n), at);
  }

  string(s: string): void {
    const len = Buffer.byteLength(s);
    this.u64(len);
    const at = this.reserve(len);
    this.buf.write(s, at, "utf8");
  }

  scalar(type: GgufScalarType, value: GgufWriteScalar, key: string): void {
    if (type === GgufValueType.STRING) {
      if (typeof value !== "string") throw new Error(`Metadata "${key}" must be a string.`);
      this.string(value);
      return;
    }
    const size = GGUF_SCALAR_SIZE[type];
    if (size === undefined || typeof value === "string")
      throw new Error(`Metadata "${key}": value ${String(value)} does not fit type ${type}.`);
    const at = this.reserve(size);
    const b = this.buf;
    switch (type) {
      case GgufValueType.UINT8:
        return void b.writeUInt8(Number(value), at);
      case GgufValueType.INT8:
        return void b.writeInt8(Number(value), at);
      case GgufValueType.UINT16:
        return void b.writeUInt16LE(Number(value), at);
      case GgufValueType.INT16:
        return void b.writeInt16LE(Number(value), at);
      case GgufValueType.UINT32:
        return void b.writeUInt32LE(Number(value), at);
      case GgufValueType.INT32:
        return void b.writeInt32LE(Number(value), at);
      case GgufValueType.FLOAT32:
        return void b.writeFloatLE(Number(value), at);
      case GgufValueType.BOOL:
        return void b.writeUInt8(value ? 1 : 0, at);
      case GgufValueType.UINT64:
        return void b.writeBigUInt64LE(BigInt(value), at);
      case GgufValueType.INT64:
        return void b.writeBigInt64LE(BigInt(value), at);
      default:
        return void b.writeDoubleLE(Number(value), at);
    }
  }

  result(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);

/** IEEE half-precision bits for `value`, rounding to nearest even like ggml's FP32_TO_FP16. */
export function f32ToF16(value: number): number {
  f32Scratch[0] = value;
  const x = u32Scratch[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  let mant = x & 0x7fffff;
  if (exp === 0xff - 127 + 15) return sign | 0x7c00 | (mant ? 0x200 : 0);
  if (exp >= 0x1f) return sign | 0x7c00;
  if (exp <= 0) {
    if (exp < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - exp;
    return sign | roundShift(mant, shift);
  }
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  return sign | ((exp << 10) + roundShift(mant, 13));
}

function roundShift(mant: number, shift: number): number {
  const kept = mant >>> shift;
  const rem = mant & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return rem > half || (rem === half && (kept & 1) === 1) ? kept + 1 : kept;
}

/** C's roundf: halves go away from zero (Math.round sends -0.5 up). */
function roundf(v: number): number {
  return v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5);
}

/** Encodes F32 values into the bytes of `type` (F32, F16, Q4_0 or Q8_0), following ggml's reference quantizers. */
export function encodeTensorValues(type: GgmlType, values: Float32Array): Buffer {
  const n = values.length;
  switch (type) {
    case GgmlType.F32:
      return Buffer.from(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    case GgmlType.F16: {
      const out = Buffer.alloc(n * 2);
      for (let i = 0; i < n; i++) out.writeUInt16LE(f32ToF16(values[i] as number), i * 2);
      return out;
    }
    case GgmlType.Q4_0: {
      if (n % 32 !== 0) throw new Error("Q4_0 needs a multiple of 32 values.");
      const out = Buffer.alloc((n / 32) * 18);
      for (let b = 0, o = 0; b < n; b += 32, o += 18) {
        let amax = 0;
        let max = 0;
        for (let j = 0; j < 32; j++) {
          const v = values[b + j] as number;
          if (Math.abs(v) > amax) {
            amax = Math.abs(v);
            max = v;
          }
        }
        const d = max / -8;
        const id = d ? 1 / d : 0;
        out.writeUInt16LE(f32ToF16(d), o);
        for (let j = 0; j < 16; j++) {
          const lo = Math.min(15, Math.trunc((values[b + j] as number) * id + 8.5));
          const hi = Math.min(15, Math.trunc((values[b + j + 16] as number) * id + 8.5));
          out[o + 2 + j] = lo | (hi << 4);
        }
      }
      return out;
    }
    case GgmlType.Q8_0: {
      if (n % 32 !== 0) throw new Error("Q8_0 needs a multiple of 32 values.");
      const out = Buffer.alloc((n / 32) * 34);
      for (let b = 0, o = 0; b < n; b += 32, o += 34) {
        let amax = 0;
        for (let j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(values[b + j] as number));
        const d = amax / 127;
        const id = d ? 1 / d : 0;
        out.writeUInt16LE(f32ToF16(d), o);
        for (let j = 0; j < 32; j++) out.writeInt8(roundf((values[b + j] as number) * id), o + 2 + j);
      }
      return out;
    }
    default:
      throw new Error(`Encoding to ${GGML_TYPES[type]?.name ?? type} is not supported.`);
  }
}
