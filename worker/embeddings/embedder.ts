// Text into vectors with node-llama-cpp's embedding context. One embedding model is held at a time, loaded on
// first use and kept (with its context) until a different one is asked for; texts are embedded one after another,
// each in its own turn, so a question's embedding waits for one passage, never for a whole batch of them.
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

/**
 * Embeddings compute on one thread. llama.cpp's helper threads busy-wait for the next piece of work after each
 * computation: an embedding on two threads left a core spinning into the answer that started right after it, and
 * that answer's first token came ~350 ms later (bench:documents: 4–6 of 10 answers beside indexing, none with one
 * thread). One thread is also no slower for passages this short (one 10-page PDF indexed: 462 → 412 ms).
 */
const EMBEDDING_THREADS = 1;

let engine: { llama: () => Promise<Llama>; budget?: Budget } = {
  // Outside the worker (tests, tools): a CPU engine of its own, no budget.
  llama: () => getLlama({ build: "never", skipDownload: true, gpu: false, maxThreads: 1, logLevel: LlamaLogLevel.error }),
};
let loaded: Promise<Loaded> | null = null;
let turn: Promise<unknown> = Promise.resolve();

/** The worker shares its llama.cpp runtime (backend chosen by the probe) and memory budget. */
export function shareEngine(o: { llama: Llama; budget: Budget }): void {
  engine = { llama: async () => o.llama, budget: o.budget };
}

/** How each text's embedding is run: at once, or as a background step that lets chat go first (ChatActivity). */
export type EmbedStep = <T>(work: () => Promise<T>) => Promise<T>;
const atOnce: EmbedStep = (work) => work();

/** Embeds with the family's embedding model (lib/models/embedding-model.ts); none chosen is a clear error. */
export async function embedTexts(
  texts: string[],
  step: EmbedStep = atOnce,
): Promise<{ model: string; dimensions: number; vectors: number[][] }> {
  const choice = await getEmbeddingModel();
  if (!choice) throw new AppError("unavailable", "noEmbeddingModel");
  const { tokens: _, ...result } = await embedWith(choice, texts, step);
  return result;
}

/** Embeds with a given embedding model; also counts the tokens read (for /v1's usage). */
export async function embedWith(
  choice: EmbeddingModel,
  texts: string[],
  step: EmbedStep = atOnce,
): Promise<Embeddings & { tokens: number }> {
  const vectors: number[][] = [];
  let tokens = 0;
  let dimensions = 0;
  for (const text of texts) {
    const one = await step(() => inTurn(() => embedOne(choice, text)));
    vectors.push(one.vector);
    tokens += one.tokens;
    dimensions = one.dimensions;
  }
  dimensions ||= await inTurn(async () => (await load(choice)).model.embeddingVectorSize);
  return { model: choice.name, dimensions, vectors, tokens };
}

function inTurn<T>(work: () => Promise<T>): Promise<T> {
  const run = turn.then(work);
  turn = run.catch(() => {});
  return run;
}

async function embedOne(choice: EmbeddingModel, text: string): Promise<{ vector: number[]; tokens: number; dimensions: number }> {
  const { model, context, contextSize } = await load(choice);
  // A text longer than the model reads is cut to what fits: its start still says what it is about.
  const ids = model.tokenize(text, true).slice(0, contextSize);
  const embedding = await context.getEmbeddingFor(ids);
  return { vector: [...embedding.vector], tokens: ids.length, dimensions: embedding.vector.length };
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
  const context = await model.createEmbeddingContext({ contextSize, threads: EMBEDDING_THREADS }).catch(async (error) => {
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
