// Generated models for tests. The "slow" one is big enough (≈ 60 MB, Q4_0) that on a CPU an answer is still
// being written when a test kills or restarts something mid-answer.
import path from "node:path";
import { makeLexicalEmbeddingGguf } from "@/tools/gguf/lexical-embedding-model";
import { makeTinyGguf } from "@/tools/gguf/tiny-model";
import type { HearthClient } from "./client";

export const SLOW_MODEL_FILE = "slow.gguf";

export async function makeSlowModel(modelsDir: string): Promise<string> {
  const out = path.join(modelsDir, SLOW_MODEL_FILE);
  await makeTinyGguf({ out, layers: 8, embd: 1024, ff: 2816, vocab: 4096, ctx: 1024, type: "q4_0" });
  return SLOW_MODEL_FILE;
}

/** Makes the slow model in the stack's models folder and registers it as "Slow"; returns its id. */
export async function installSlowModel(modelsDir: string, admin: HearthClient): Promise<string> {
  await makeSlowModel(modelsDir);
  const { status, data } = await admin.json<{ model: { id: string } }>("/api/admin/models", { name: "Slow", filePath: SLOW_MODEL_FILE });
  if (status !== 201) throw new Error(`registering the slow model failed: ${status}`);
  return data.model.id;
}

export const EMBEDDING_MODEL_FILE = "lexical-embedding.gguf";
/** The lexical embedding model's vector length. */
export const EMBEDDING_DIMENSIONS = 384;

/**
 * Writes the lexical embedding model (BERT, mean pooling, ≈ 22 MB) into the models folder: the cosine of two
 * texts is close to their word overlap (English words, Chinese characters), so retrieval is predictable.
 * See tools/gguf/lexical-embedding-model.ts. Returns the file name.
 */
export async function makeEmbeddingModel(modelsDir: string): Promise<string> {
  await makeLexicalEmbeddingGguf({ out: path.join(modelsDir, EMBEDDING_MODEL_FILE), dimensions: EMBEDDING_DIMENSIONS });
  return EMBEDDING_MODEL_FILE;
}
