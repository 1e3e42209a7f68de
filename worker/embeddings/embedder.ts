// Text into vectors with node-llama-cpp's embedding context. One embedding model is held at a time, loaded on
// first use and kept (with its context) until a different one is asked for; texts are embedded one after another.
// In the worker it counts against the chat models' memory budget: room is made for it before it loads (ModelHost.reserve).
import { getLlama, type Llama, type LlamaEmbeddingContext, LlamaLogLevel, type LlamaModel } from "node-llama-cpp";
import { AppError } from "@/lib/errors";
import { type EmbeddingModel, getEmbeddingModel } from "@/lib/models/embedding-model";
import { memoryCost, readInsights } from "../engine/memory-cost";
import type { ModelHost } from "../engine/model-host";

type Loaded = { choice: EmbeddingModel; model: LlamaModel; context: LlamaEmbeddingContext; contextSize: number; release: () => void };
/** Where the embedding model's memory is counted: the worker's ModelHost. */
type Budget = Pick<ModelHost, "reserve">;

/** Embedding models read up to 512–32,768 tokens; past this a document is chunked anyway, and memory stays small. */
const MAX_CONTEXT = 8192;
export type Embeddings = { model: string; dimensions: number; vectors: number[][] };

let engine: { llama: () => Promise<Llama>; threads: number; budget?: Budget } = {
  // Outside the worker (tests, tools): a CPU engine of its own, one thread, no budget.
  llama: () => getLlama({ build: "never", skipDownload: true, gpu: false, maxThreads: 1, logLevel: LlamaLogLevel.error }),
  threads: 1,
};
let loaded: Promise<Loaded> | null = null;
let turn: Promise<unknown> = Promise.resolve();

/** The worker shares its llama.cpp runtime (backend chosen by the probe), thread count and memory budget. */
export function shareEngine(o: { llama: Llama; threads: number; budget: Budget }): void {
  engine = { llama: async () => o.llama, threads: o.threads, budget: o.budget };
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
  loaded = reserveAndLoad(choice);
  return loaded;
}

/** The context an embedding model gets (what it reads, up to MAX_CONTEXT) and what it takes with it loaded. */
export async function planEmbedding(llama: Llama, modelPath: string): Promise<{ contextSize: number; cost: number }> {
  const insights = await readInsights(llama, modelPath);
  const contextSize = Math.min(insights.trainContextSize || MAX_CONTEXT, MAX_CONTEXT);
  return { contextSize, cost: memoryCost(llama, insights, { contextSize, embedding: true }) };
}

/** Room first (idle chat models may be evicted for it), then the model; a failed load gives the room back. */
async function reserveAndLoad(choice: EmbeddingModel): Promise<Loaded> {
  const llama = await engine.llama();
  const { contextSize, cost } = await planEmbedding(llama, choice.path);
  const release = (await engine.budget?.reserve({ name: choice.name, cost })) ?? (() => {});
  try {
    return { choice, contextSize, release, ...(await loadWithContext(llama, choice.path, contextSize)) };
  } catch (error) {
    release();
    throw error;
  }
}

async function loadWithContext(llama: Llama, modelPath: string, contextSize: number) {
  const model = await llama.loadModel({ modelPath });
  const context = await model.createEmbeddingContext({ contextSize, threads: engine.threads }).catch(async (error) => {
    await model.dispose();
    throw error;
  });
  return { model, context };
}

async function unload(current: Loaded): Promise<void> {
  loaded = null;
  try {
    await current.context.dispose();
    await current.model.dispose();
  } finally {
    current.release();
  }
}

/** Frees the embedding model (the worker's shutdown). */
export async function unloadEmbeddingModel(): Promise<void> {
  const current = await loaded?.catch(() => null);
  if (current) await unload(current);
}
