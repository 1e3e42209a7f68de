// Embeddings of texts with the family's embedding model (node-llama-cpp's LlamaEmbeddingContext). Stand-in
// until the embedding-model choice lands (branch `vectors`), with the same signature.
import { getLlama, type LlamaEmbeddingContext } from "node-llama-cpp";
import { AppError } from "@/lib/errors";
import { getEmbeddingModel } from "@/lib/models/embedding-model";

let loaded: { path: string; context: LlamaEmbeddingContext } | null = null;

async function contextFor(modelPath: string): Promise<LlamaEmbeddingContext> {
  if (loaded?.path === modelPath) return loaded.context;
  const llama = await getLlama({ build: "never", gpu: false, maxThreads: 1 });
  const model = await llama.loadModel({ modelPath });
  loaded = { path: modelPath, context: await model.createEmbeddingContext({ contextSize: 512 }) };
  return loaded.context;
}

export async function embedTexts(texts: string[]): Promise<{ model: string; dimensions: number; vectors: number[][] }> {
  const model = await getEmbeddingModel();
  if (!model) throw new AppError("conflict", "noEmbeddingModel");
  const context = await contextFor(model.path);
  const vectors: number[][] = [];
  for (const text of texts) vectors.push([...(await context.getEmbeddingFor(text)).vector]);
  return { model: model.id, dimensions: vectors[0]?.length ?? 0, vectors };
}
