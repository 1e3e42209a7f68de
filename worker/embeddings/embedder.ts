// Text into vectors with node-llama-cpp's embedding context. One embedding model is held at a time, loaded on
// first use and kept (with its context) until a different one is asked for; texts are embedded one after another.
import { getLlama, type Llama, type LlamaEmbeddingContext, LlamaLogLevel, type LlamaModel } from "node-llama-cpp";
import { AppError } from "@/lib/errors";
import { type EmbeddingModel, getEmbeddingModel } from "@/lib/models/embedding-model";

type Loaded = { choice: EmbeddingModel; model: LlamaModel; context: LlamaEmbeddingContext; contextSize: number };

/** Embedding models read up to 512–32,768 tokens; past this a document is chunked anyway, and memory stays small. */
const MAX_CONTEXT = 8192;
export type Embeddings = { model: string; dimensions: number; vectors: number[][] };

let engine: { llama: () => Promise<Llama>; threads: number } = {
  // Outside the worker (tests, tools): a CPU engine of its own, one thread.
  llama: () => getLlama({ build: "never", skipDownload: true, gpu: false, maxThreads: 1, logLevel: LlamaLogLevel.error }),
  threads: 1,
};
let loaded: Promise<Loaded> | null = null;
let turn: Promise<unknown> = Promise.resolve();

/** The worker shares its llama.cpp runtime (backend chosen by the probe) and thread count. */
export function shareEngine(llama: Llama, threads: number): void {
  engine = { llama: async () => llama, threads };
}

/** Embeds with the family's embedding model (lib/models/embedding-model.ts); none chosen is a clear error. */
export async function embedTexts(texts: string[]): Promise<{ model: string; dimensions: number; vectors: number[][] }> {
  const choice = await getEmbeddingModel();
  if (!choice) throw new AppError("unavailable", "noEmbeddingModel");
  const { tokens: _, ...result } = await embedWith(choice, texts);
  return result;
}

/** Embeds with a given embedding model; also counts the tokens read (for /v1's usage). */
export function embedWith(choice: EmbeddingModel, texts: string[]): Promise<Embeddings & { tokens: number }> {
  const run = turn.then(() => embedNow(choice, texts));
  turn = run.catch(() => {});
  return run;
}

async function embedNow(choice: EmbeddingModel, texts: string[]): Promise<Embeddings & { tokens: number }> {
  const { model, context, contextSize } = await load(choice);
  const vectors: number[][] = [];
  let tokens = 0;
  for (const text of texts) {
    // A text longer than the model reads is cut to what fits: its start still says what it is about.
    const ids = model.tokenize(text, true).slice(0, contextSize);
    tokens += ids.length;
    const embedding = await context.getEmbeddingFor(ids);
    vectors.push([...embedding.vector]);
  }
  return { model: choice.name, dimensions: vectors[0]?.length ?? model.embeddingVectorSize, vectors, tokens };
}

async function load(choice: EmbeddingModel): Promise<Loaded> {
  const current = await loaded?.catch(() => null);
  if (current && current.choice.id === choice.id && current.choice.path === choice.path) return current;
  if (current) await unload(current);
  loaded = (async () => {
    const llama = await engine.llama();
    const model = await llama.loadModel({ modelPath: choice.path });
    const contextSize = Math.min(model.trainContextSize || MAX_CONTEXT, MAX_CONTEXT);
    const context = await model.createEmbeddingContext({ contextSize, threads: engine.threads }).catch(async (error) => {
      await model.dispose();
      throw error;
    });
    return { choice, model, context, contextSize };
  })();
  return loaded;
}

async function unload(current: Loaded): Promise<void> {
  loaded = null;
  await current.context.dispose();
  await current.model.dispose();
}

/** Frees the embedding model (the worker's shutdown). */
export async function unloadEmbeddingModel(): Promise<void> {
  const current = await loaded?.catch(() => null);
  if (current) await unload(current);
}
