// The embedding model and the chat models share one memory budget, with the real llama.cpp: room is made for the
// embedding model by evicting an idle chat model (never a busy one), and chat models loaded later count it.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { getLlama, type Llama, LlamaLogLevel } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeEmbeddingModel } from "@/testkit/models";
import { makeTinyGguf } from "@/tools/gguf/tiny-model";
import { ModelHost, type ModelSpec } from "../engine/model-host";
import { embedWith, planEmbedding, shareEngine, unloadEmbeddingModel } from "./embedder";

let dir: string;
let llama: Llama;
let embedding: { id: string; name: string; path: string };
/** Bytes of one tiny chat model with its context, and of the embedding model with its context. */
let chatCost: number;
let embeddingCost: number;
const chat = (id: string): ModelSpec => ({ id, filePath: `${id}.gguf`, contextLength: 512 });

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-embedding-budget-"));
  for (const id of ["a", "b"]) await makeTinyGguf({ out: path.join(dir, `${id}.gguf`), seed: id.charCodeAt(0) });
  const file = await makeEmbeddingModel(dir);
  embedding = { id: "lexical", name: "Lexical", path: path.join(dir, file) };
  llama = await getLlama({ build: "never", skipDownload: true, gpu: false, maxThreads: 1, logLevel: LlamaLogLevel.error });
  chatCost = await new ModelHost(llama, { modelsDir: dir, sequences: 1, contextSize: 512, threads: 1 }).estimateCost(chat("a"));
  embeddingCost = (await planEmbedding(llama, embedding.path)).cost;
});

afterAll(async () => {
  await llama?.dispose();
  await fs.rm(dir, { recursive: true, force: true });
});

/** A host whose budget holds two idle chat models, or one with the embedding model, but not all three. */
function hostForTwoChatsOrOneWithEmbedding(): ModelHost {
  const memoryBudget = Math.max(2 * chatCost, chatCost + embeddingCost) + Math.min(chatCost, embeddingCost) / 2;
  const host = new ModelHost(llama, { modelsDir: dir, sequences: 1, contextSize: 512, threads: 1, memoryBudget });
  shareEngine({ llama, budget: host });
  return host;
}

async function use(host: ModelHost, spec: ModelSpec): Promise<void> {
  (await host.acquire(spec)).release();
}

async function embed(): Promise<number[][]> {
  return (await embedWith(embedding, ["boiler pressure manual"])).vectors;
}

describe("the embedding model within the worker's memory budget", () => {
  it("estimates both kinds of model with node-llama-cpp's figures", () => {
    expect(chatCost).toBeGreaterThan(0);
    expect(embeddingCost).toBeGreaterThan(0);
  });

  it("evicts the least recently used idle chat model to make room, and only as many as needed", { timeout: 60_000 }, async () => {
    const host = hostForTwoChatsOrOneWithEmbedding();
    try {
      await use(host, chat("a"));
      await use(host, chat("b"));
      expect(host.loadedIds().sort()).toEqual(["a", "b"]);
      expect(await embed()).toHaveLength(1);
      expect(host.loadedIds()).toEqual(["b"]);
    } finally {
      await unloadEmbeddingModel();
      await host.unload();
    }
  });

  it("never evicts a busy chat model: the embedding model loads beside it over the budget", { timeout: 60_000 }, async () => {
    const host = hostForTwoChatsOrOneWithEmbedding();
    const leases = [await host.acquire(chat("a")), await host.acquire(chat("b"))];
    try {
      // A generation embeds its question while it holds its model: this must neither wait for it nor take it away.
      const [vector] = await embed();
      expect(vector?.length).toBeGreaterThan(0);
      expect(host.loadedIds().sort()).toEqual(["a", "b"]);
      expect(leases.map((lease) => lease.sequence.disposed)).toEqual([false, false]);
    } finally {
      for (const lease of leases) lease.release();
      await unloadEmbeddingModel();
      await host.unload();
    }
  });

  it("counts the embedding model when a chat model loads after it, until it is unloaded", { timeout: 60_000 }, async () => {
    const host = hostForTwoChatsOrOneWithEmbedding();
    try {
      await use(host, chat("a"));
      await embed();
      expect(host.loadedIds()).toEqual(["a"]);
      // Two chat models would fit the budget alone; with the embedding model reserved, b takes a's place.
      await use(host, chat("b"));
      expect(host.loadedIds()).toEqual(["b"]);
      await unloadEmbeddingModel();
      await use(host, chat("a"));
      expect(host.loadedIds().sort()).toEqual(["a", "b"]);
    } finally {
      await unloadEmbeddingModel();
      await host.unload();
    }
  });
});
