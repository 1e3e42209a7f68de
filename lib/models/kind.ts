// Chat or embedding: told from a GGUF header. Encoder architectures only embed; a decoder converted as an
// embedding model (Qwen3-Embedding, for one) says so with a pooling type.
import type { GgufHeader } from "../gguf/reader";

export type ModelKind = "chat" | "embedding";

/** The same list as the migration that sorted models registered before kinds existed. */
export const ENCODER_ARCHITECTURES: readonly string[] = [
  "bert",
  "nomic-bert",
  "nomic-bert-moe",
  "jina-bert-v2",
  "jina-bert-v3",
  "neo-bert",
  "modern-bert",
  "t5encoder",
];

/** llama.cpp's pooling types: 0 none (a decoder's per-token output), 1 mean, 2 CLS, 3 last, 4 rank (a reranker). */
const NO_POOLING = 0;

export function modelKindOf(header: Pick<GgufHeader, "metadata">): ModelKind {
  const architecture = header.metadata["general.architecture"];
  if (typeof architecture !== "string") return "chat";
  if (ENCODER_ARCHITECTURES.includes(architecture)) return "embedding";
  const pooling = header.metadata[`${architecture}.pooling_type`];
  return typeof pooling === "number" && pooling !== NO_POOLING ? "embedding" : "chat";
}
