// GGUF on-disk constants. Reference: ggml/docs/gguf.md and ggml.h / llama.h in llama.cpp.

/** "GGUF" read as a little-endian uint32. */
export const GGUF_MAGIC = 0x46554747;
export const GGUF_MAGIC_BYTES = Buffer.from("GGUF", "latin1");
export const GGUF_READ_VERSIONS: readonly number[] = [2, 3];
export const GGUF_WRITE_VERSION = 3;
export const GGUF_DEFAULT_ALIGNMENT = 32;

/** Each entry's id by its name, e.g. GgmlType.Q4_0 === 2: what an enum would give, taken from a table of facts. */
function idsByName<Table extends Record<string, readonly [number, ...unknown[]]>>(
  table: Table,
): { readonly [Name in keyof Table]: Table[Name][0] } {
  return Object.fromEntries(Object.entries(table).map(([name, [id]]) => [name, id])) as { readonly [Name in keyof Table]: Table[Name][0] };
}

/** GGUF metadata value types (`gguf_metadata_value_type`), each once: [id, byte width, null for STRING and ARRAY]. */
const GGUF_VALUE_TYPE_TABLE = {
  UINT8: [0, 1],
  INT8: [1, 1],
  UINT16: [2, 2],
  INT16: [3, 2],
  UINT32: [4, 4],
  INT32: [5, 4],
  FLOAT32: [6, 4],
  BOOL: [7, 1],
  STRING: [8, null],
  ARRAY: [9, null],
  UINT64: [10, 8],
  INT64: [11, 8],
  FLOAT64: [12, 8],
} as const satisfies Record<string, readonly [id: number, scalarBytes: number | null]>;

export const GgufValueType = idsByName(GGUF_VALUE_TYPE_TABLE);
export type GgufValueType = (typeof GgufValueType)[keyof typeof GgufValueType];

/** Byte width of each fixed-size scalar value type (STRING and ARRAY are variable). */
export const GGUF_SCALAR_SIZE: Partial<Record<GgufValueType, number>> = Object.fromEntries(
  Object.values(GGUF_VALUE_TYPE_TABLE).flatMap(([id, bytes]) => (bytes === null ? [] : [[id, bytes]])),
);

export interface GgmlTypeInfo {
  name: string;
  /** Elements per block. */
  blockSize: number;
  /** Bytes per block. */
  typeSize: number;
}

/**
 * ggml's tensor types (`enum ggml_type`), each once: [id, elements per block, bytes per block]. Values checked
 * against ggml_blck_size/ggml_type_size of the llama.cpp bundled with node-llama-cpp 3.22.1.
 */
const GGML_TYPE_TABLE = {
  F32: [0, 1, 4],
  F16: [1, 1, 2],
  Q4_0: [2, 32, 18],
  Q4_1: [3, 32, 20],
  Q5_0: [6, 32, 22],
  Q5_1: [7, 32, 24],
  Q8_0: [8, 32, 34],
  Q8_1: [9, 32, 36],
  Q2_K: [10, 256, 84],
  Q3_K: [11, 256, 110],
  Q4_K: [12, 256, 144],
  Q5_K: [13, 256, 176],
  Q6_K: [14, 256, 210],
  Q8_K: [15, 256, 292],
  IQ2_XXS: [16, 256, 66],
  IQ2_XS: [17, 256, 74],
  IQ3_XXS: [18, 256, 98],
  IQ1_S: [19, 256, 50],
  IQ4_NL: [20, 32, 18],
  IQ3_S: [21, 256, 110],
  IQ2_S: [22, 256, 82],
  IQ4_XS: [23, 256, 136],
  I8: [24, 1, 1],
  I16: [25, 1, 2],
  I32: [26, 1, 4],
  I64: [27, 1, 8],
  F64: [28, 1, 8],
  IQ1_M: [29, 256, 56],
  BF16: [30, 1, 2],
  TQ1_0: [34, 256, 54],
  TQ2_0: [35, 256, 66],
  MXFP4: [39, 32, 17],
  NVFP4: [40, 64, 36],
  Q1_0: [41, 128, 18],
  Q2_0: [42, 64, 18],
} as const satisfies Record<string, readonly [id: number, blockSize: number, typeSize: number]>;

export const GgmlType = idsByName(GGML_TYPE_TABLE);
export type GgmlType = (typeof GgmlType)[keyof typeof GgmlType];

/** A type's name and block layout by its id. */
export const GGML_TYPES: Readonly<Record<number, GgmlTypeInfo>> = Object.fromEntries(
  Object.entries(GGML_TYPE_TABLE).map(([name, [id, blockSize, typeSize]]) => [id, { name, blockSize, typeSize }]),
);

export function ggmlTypeInfo(type: number): GgmlTypeInfo | undefined {
  return GGML_TYPES[type];
}

/** llama.cpp `enum llama_ftype` (the `general.file_type` value), without the LLAMA_FTYPE_MOSTLY_ prefix. */
export const LLAMA_FILE_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: "F32",
  1: "F16",
  2: "Q4_0",
  3: "Q4_1",
  4: "Q4_1_SOME_F16",
  7: "Q8_0",
  8: "Q5_0",
  9: "Q5_1",
  10: "Q2_K",
  11: "Q3_K_S",
  12: "Q3_K_M",
  13: "Q3_K_L",
  14: "Q4_K_S",
  15: "Q4_K_M",
  16: "Q5_K_S",
  17: "Q5_K_M",
  18: "Q6_K",
  19: "IQ2_XXS",
  20: "IQ2_XS",
  21: "Q2_K_S",
  22: "IQ3_XS",
  23: "IQ3_XXS",
  24: "IQ1_S",
  25: "IQ4_NL",
  26: "IQ3_S",
  27: "IQ3_M",
  28: "IQ2_S",
  29: "IQ2_M",
  30: "IQ4_XS",
  31: "IQ1_M",
  32: "BF16",
  33: "Q4_0_4_4",
  34: "Q4_0_4_8",
  35: "Q4_0_8_8",
  36: "TQ1_0",
  37: "TQ2_0",
  38: "MXFP4_MOE",
  39: "NVFP4",
  40: "Q1_0",
  41: "Q2_0",
};

export function fileTypeName(fileType: number): string | undefined {
  return LLAMA_FILE_TYPE_NAMES[fileType];
}

/** The `general.file_type` that a model made only of `type` tensors (plus F32 norms) declares. */
export const FILE_TYPE_FOR_GGML_TYPE: Readonly<Partial<Record<GgmlType, number>>> = {
  [GgmlType.F32]: 0,
  [GgmlType.F16]: 1,
  [GgmlType.Q4_0]: 2,
  [GgmlType.Q4_1]: 3,
  [GgmlType.Q8_0]: 7,
  [GgmlType.Q5_0]: 8,
  [GgmlType.Q5_1]: 9,
  [GgmlType.BF16]: 32,
};

/** Byte size of a tensor's data, or undefined for an unknown type or a row that does not fill whole blocks. */
export function tensorByteSize(type: number, shape: readonly number[]): bigint | undefined {
  const info = GGML_TYPES[type];
  if (!info) return undefined;
  const elements = shape.reduce((acc, n) => acc * BigInt(n), 1n);
  if ((shape[0] ?? 1) % info.blockSize !== 0) return undefined;
  return (elements / BigInt(info.blockSize)) * BigInt(info.typeSize);
}

export function alignOffset(offset: bigint, alignment: number): bigint {
  const a = BigInt(alignment);
  return ((offset + a - 1n) / a) * a;
}
