// GGUF metadata values: their types, and decoding one (scalar, string or nested array) from the header.
import { GgufError } from "./error";
import type { FileCursor } from "./file-cursor";
import { GGUF_SCALAR_SIZE, GgufValueType } from "./format";

export type GgufScalar = number | bigint | boolean | string;
/** Stands in for an array longer than `maxArrayLength`: its items were read past but not kept. */
export interface GgufArraySummary {
  readonly kind: "array-summary";
  readonly itemType: GgufValueType;
  readonly length: number;
}
export type GgufValue = GgufScalar | GgufValue[] | GgufArraySummary;

export function isGgufArraySummary(value: GgufValue | undefined): value is GgufArraySummary {
  return typeof value === "object" && value !== null && !Array.isArray(value) && value.kind === "array-summary";
}

/** Length of an array value, whether kept or summarised; undefined for a non-array. */
export function ggufArrayLength(value: GgufValue | undefined): number | undefined {
  if (Array.isArray(value)) return value.length;
  return isGgufArraySummary(value) ? value.length : undefined;
}

const MAX_ARRAY_LENGTH = 1 << 24;
const MAX_ARRAY_DEPTH = 4;

export interface ValueLimits {
  maxString: number;
  maxArrayLength: number;
}

export async function readMetadataValue(c: FileCursor, type: number, limits: ValueLimits, depth = 0): Promise<GgufValue> {
  if (type === GgufValueType.STRING) return c.string(limits.maxString);
  if (type !== GgufValueType.ARRAY) {
    if (GGUF_SCALAR_SIZE[type as GgufValueType] === undefined)
      throw new GgufError("corrupt", `Unknown GGUF value type ${type} in ${c.context}; the header is damaged.`);
    return readScalar(c, type as GgufValueType);
  }
  if (depth >= MAX_ARRAY_DEPTH)
    throw new GgufError("corrupt", `Arrays nested deeper than ${MAX_ARRAY_DEPTH} levels in ${c.context}; the header is damaged.`);
  // Read as is: an unknown item type fails on the first item, so a summary below always names a known one.
  const itemType = (await c.u32()) as GgufValueType;
  const length = await c.count("array length", MAX_ARRAY_LENGTH);
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
    const item = await readMetadataValue(c, itemType, limits, depth + 1);
    if (keep) items.push(item);
  }
  return keep ? items : { kind: "array-summary", itemType, length };
}

async function readScalar(c: FileCursor, type: GgufValueType): Promise<GgufScalar> {
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
