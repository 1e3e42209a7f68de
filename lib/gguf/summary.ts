// The few facts about a model that the app stores and shows, taken from its GGUF header.
import { type ModelKind, modelKindOf } from "../models/kind";
import { fileTypeName, GGML_TYPES } from "./format";
import type { GgufValue } from "./metadata-value";
import type { GgufHeader } from "./reader";

export interface GgufSummary {
  architecture: string | null;
  name: string | null;
  quantization: string | null;
  contextLength: number | null;
  parameterCount: number;
  chatTemplate: string | null;
  /** Chat or embedding (lib/models/kind.ts). */
  kind: ModelKind;
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
    kind: modelKindOf(header),
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
