// The family's embedding model. Stand-in until the embedding-model choice lands (branch `vectors`): a GGUF
// named by HEARTH_EMBEDDING_MODEL_FILE inside the models folder, or none.
import path from "node:path";
import { getEnv } from "../env";

export async function getEmbeddingModel(): Promise<{ id: string; name: string; path: string } | null> {
  const file = process.env.HEARTH_EMBEDDING_MODEL_FILE;
  if (!file) return null;
  return { id: file, name: path.basename(file, ".gguf"), path: path.join(getEnv().modelsDir, file) };
}
