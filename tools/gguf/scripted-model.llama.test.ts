// The scripted model says exactly its text through the real llama.cpp, whatever the prompt and at the worker's temperature.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { getLlama, LlamaChatSession, LlamaLogLevel } from "node-llama-cpp";
import { expect, it } from "vitest";
import { makeScriptedGguf } from "./scripted-model";

const SCRIPT =
  "## Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n| 1 | 2 |\n\n```ts\nconst x = 1;\n```\n\nMath: $$e^{i\\pi} + 1 = 0$$ 中文也行。";

it("answers any prompt with its script, then stops", { timeout: 60_000 }, async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-scripted-"));
  const llama = await getLlama({ build: "never", skipDownload: true, gpu: false, maxThreads: 1, logLevel: LlamaLogLevel.error });
  try {
    const { path: modelPath } = await makeScriptedGguf({ out: path.join(dir, "scripted.gguf"), script: SCRIPT, ctx: 1024 });
    const model = await llama.loadModel({ modelPath });
    const context = await model.createContext({ contextSize: 1024 });
    const session = new LlamaChatSession({ contextSequence: context.getSequence(), systemPrompt: "You are helpful." });
    for (const prompt of ["hello", "Write a table, please: the || and ``` too"]) {
      const { responseText, stopReason } = await session.promptWithMeta(prompt, { temperature: 0.7, maxTokens: 400 });
      expect(responseText).toBe(SCRIPT);
      expect(stopReason).toBe("eogToken");
    }
  } finally {
    await llama.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  }
});
