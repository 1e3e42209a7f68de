// Loads generated models with the real llama.cpp (CPU build bundled with node-llama-cpp) and generates from them.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { getLlama, type Llama, LlamaChatSession, LlamaLogLevel, readGgufFileInfo } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readGgufHeader } from "@/lib/gguf/reader";
import { makeTinyGguf, type TinyModelType } from "./tiny-model";

let dir: string;
let llama: Llama;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-tiny-llama-"));
  llama = await getLlama({ build: "never", skipDownload: true, gpu: false, maxThreads: 1, logLevel: LlamaLogLevel.error });
});

afterAll(async () => {
  await llama?.dispose();
  await fs.rm(dir, { recursive: true, force: true });
});

describe.each(["f32", "q4_0"] satisfies TinyModelType[])("a generated %s model", (type) => {
  it("loads in llama.cpp and generates text", { timeout: 60_000 }, async () => {
    const modelPath = path.join(dir, `tiny-${type}.gguf`);
    await makeTinyGguf({ out: modelPath, type });

    const theirs = await readGgufFileInfo(modelPath);
    const ours = await readGgufHeader(modelPath);
    expect(theirs.metadata.general.architecture).toBe(ours.metadata["general.architecture"]);
    expect(theirs.totalTensorCount).toBe(ours.tensorCount);
    expect(theirs.version).toBe(ours.version);

    const model = await llama.loadModel({ modelPath });
    const context = await model.createContext({ contextSize: 256 });
    try {
      // A 512-piece vocabulary tokenizes English almost letter by letter, so the default system prompt would not fit.
      const session = new LlamaChatSession({ contextSequence: context.getSequence(), systemPrompt: "You are a tiny test model." });
      const { response, stopReason } = await session.promptWithMeta("hello", { maxTokens: 20 });
      const text = response.filter((r) => typeof r === "string").join("");
      expect(stopReason).toBe("maxTokens");
      expect(model.tokenize(text).length).toBeGreaterThan(0);
      expect(text.includes("\u0000") || text.includes("\uFFFD")).toBe(false);
      session.dispose();
    } finally {
      await context.dispose();
      await model.dispose();
    }
  });
});
