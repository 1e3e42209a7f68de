// The lexical embedding model through the real llama.cpp: node-llama-cpp loads it as an embedding model and
// its cosines follow word overlap, in English and in Chinese.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { getLlama, type Llama, type LlamaEmbeddingContext, LlamaLogLevel, type LlamaModel } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeLexicalEmbeddingGguf } from "./lexical-embedding-model";

let dir: string;
let llama: Llama;
let model: LlamaModel;
let context: LlamaEmbeddingContext;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-lexical-"));
  const out = path.join(dir, "lexical.gguf");
  await makeLexicalEmbeddingGguf({ out });
  llama = await getLlama({ build: "never", skipDownload: true, gpu: false, maxThreads: 1, logLevel: LlamaLogLevel.error });
  model = await llama.loadModel({ modelPath: out });
  context = await model.createEmbeddingContext({ contextSize: 512, threads: 1 });
}, 60_000);

afterAll(async () => {
  await context?.dispose();
  await model?.dispose();
  await llama?.dispose();
  await fs.rm(dir, { recursive: true, force: true });
});

async function cosine(a: string, b: string): Promise<number> {
  const [x, y] = [await context.getEmbeddingFor(a), await context.getEmbeddingFor(b)];
  return x.calculateCosineSimilarity(y);
}

describe("the lexical embedding model", () => {
  it("gives vectors of its dimension", async () => {
    expect((await context.getEmbeddingFor("boiler pressure")).vector).toHaveLength(384);
  });

  it("puts a text near another that shares its words, and far from one that shares none", async () => {
    const near = await cosine("the boiler pressure manual", "boiler pressure");
    const far = await cosine("the boiler pressure manual", "school worksheet");
    expect(near).toBeGreaterThan(0.6); // 2 shared words of 4 and 2: 2/√8 ≈ 0.71
    expect(far).toBeLessThan(0.2);
    expect(await cosine("Boiler pressure!", "boiler, pressure")).toBeGreaterThan(0.98); // case and punctuation do not count
  });

  it("does the same for Chinese, character by character", async () => {
    const near = await cosine("锅炉压力说明书", "锅炉压力");
    const far = await cosine("锅炉压力说明书", "学校作业");
    expect(near).toBeGreaterThan(0.6); // 4 shared characters of 7 and 4: 4/√28 ≈ 0.76
    expect(far).toBeLessThan(0.2);
  });

  it("spells unknown words in pieces, so the same unknown word still matches itself", async () => {
    expect(await cosine("vaillant ecotec", "the vaillant ecotec")).toBeGreaterThan(0.8);
  });
});
