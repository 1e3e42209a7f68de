// Residency with the real llama.cpp: models stay loaded within the memory budget, the default is pinned,
// the least recently used idle model is evicted, and a busy one is never pulled from under a generation.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { getLlama, type Llama, LlamaLogLevel } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTinyGguf } from "@/tools/gguf/tiny-model";
import { ModelHost, type ModelSpec } from "./model-host";

let dir: string;
let llama: Llama;
const spec = (id: string, pinned = false): ModelSpec => ({ id, filePath: `${id}.gguf`, contextLength: 512, pinned });

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-host-"));
  for (const id of ["a", "b", "c"]) await makeTinyGguf({ out: path.join(dir, `${id}.gguf`), seed: id.charCodeAt(0) });
  llama = await getLlama({ build: "never", skipDownload: true, gpu: false, maxThreads: 1, logLevel: LlamaLogLevel.error });
});

afterAll(async () => {
  await llama?.dispose();
  await fs.rm(dir, { recursive: true, force: true });
});

async function use(host: ModelHost, s: ModelSpec): Promise<void> {
  const lease = await host.acquire(s);
  lease.release();
}

describe("model residency", () => {
  it("keeps two models within a two-model budget, evicting the least recently used but never the pinned default", {
    timeout: 60_000,
  }, async () => {
    const probe = new ModelHost(llama, { modelsDir: dir, sequences: 1, contextSize: 512, threads: 1 });
    const cost = await probe.estimateCost(spec("a"));
    expect(cost).toBeGreaterThan(0);
    const host = new ModelHost(llama, { modelsDir: dir, sequences: 1, contextSize: 512, threads: 1, memoryBudget: Math.floor(cost * 2.5) });
    try {
      await use(host, spec("a", true));
      await use(host, spec("b"));
      expect(host.loadedIds().sort()).toEqual(["a", "b"]);
      await use(host, spec("c"));
      // b was the only idle, unpinned model: it goes; the pinned default stays.
      expect(host.loadedIds().sort()).toEqual(["a", "c"]);
      await use(host, spec("b"));
      expect(host.loadedIds().sort()).toEqual(["a", "b"]);
    } finally {
      await host.unload();
    }
  });

  it("waits for a busy model's generation to end before evicting it", { timeout: 60_000 }, async () => {
    const probe = new ModelHost(llama, { modelsDir: dir, sequences: 1, contextSize: 512, threads: 1 });
    const cost = await probe.estimateCost(spec("a"));
    const host = new ModelHost(llama, { modelsDir: dir, sequences: 1, contextSize: 512, threads: 1, memoryBudget: Math.floor(cost * 1.5) });
    try {
      const busy = await host.acquire(spec("a"));
      let loadedB = false;
      const b = host.acquire(spec("b")).then((lease) => {
        loadedB = true;
        return lease;
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(loadedB).toBe(false);
      expect(host.loadedIds()).toEqual(["a"]);
      busy.release();
      (await b).release();
      expect(host.loadedIds()).toEqual(["b"]);
    } finally {
      await host.unload();
    }
  });

  it("lends a spare sequence to background work only while no answer runs, and stops it for an answer", { timeout: 60_000 }, async () => {
    const host = new ModelHost(llama, { modelsDir: dir, sequences: 2, contextSize: 512, threads: 1 });
    try {
      const spare = await host.acquireSpare(spec("a"));
      if (!spare) throw new Error("a free sequence was not lent");
      // An answer asks for a sequence: a second one is free, yet the title is told to stop (it would share the compute).
      const lease = await host.acquire(spec("a"));
      expect(spare.yielded.aborted).toBe(true);
      spare.release();
      // While the answer is written, background work gets nothing, though a sequence is free.
      expect(await host.acquireSpare(spec("a"))).toBeNull();
      lease.release();
      const again = await host.acquireSpare(spec("a"));
      expect(again?.yielded.aborted).toBe(false);
      again?.release();
    } finally {
      await host.unload();
    }
  });
});
