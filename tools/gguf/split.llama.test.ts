// A model written in parts loads through the real llama.cpp from its first part and answers with all of it.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { getLlama, LlamaChatSession, LlamaLogLevel, readGgufFileInfo } from "node-llama-cpp";
import { expect, it } from "vitest";
import { scriptedModelSpec } from "./scripted-model";
import { writeSplitGguf } from "./split";

const SCRIPT = "Three parts make one model, loaded from the first.";

it("loads a three-part split model from its first part and says its script", { timeout: 60_000 }, async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-split-"));
  const llama = await getLlama({ build: "never", skipDownload: true, gpu: false, maxThreads: 1, logLevel: LlamaLogLevel.error });
  try {
    const spec = scriptedModelSpec({ script: SCRIPT, ctx: 512 });
    const parts = await writeSplitGguf(path.join(dir, "scripted"), spec, 3);
    expect(parts.map((p) => path.basename(p))).toEqual([
      "scripted-00001-of-00003.gguf",
      "scripted-00002-of-00003.gguf",
      "scripted-00003-of-00003.gguf",
    ]);
    const info = await readGgufFileInfo(parts[0] as string);
    // node-llama-cpp's metadata type lists only model keys; split.* is read all the same.
    expect((info.metadata as unknown as { split: unknown }).split).toMatchObject({
      no: 0,
      count: 3,
      tensors: { count: spec.tensors.length },
    });
    const model = await llama.loadModel({ modelPath: parts[0] as string });
    const context = await model.createContext({ contextSize: 512 });
    const session = new LlamaChatSession({ contextSequence: context.getSequence() });
    expect(await session.prompt("hello", { temperature: 0, maxTokens: 100 })).toBe(SCRIPT);
  } finally {
    await llama.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  }
});
