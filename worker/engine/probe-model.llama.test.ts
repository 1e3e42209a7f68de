// The backend probe's own model, through the real llama.cpp (the CPU build here; the probe runs it on a GPU):
// it must load and generate a token, or every GPU would be refused for the model's fault, not the driver's.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { getLlama, LlamaLogLevel } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GgmlType } from "@/lib/gguf/format";
import { readGgufHeader } from "@/lib/gguf/reader";
import { writeProbeModel } from "./probe-model";

let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-probe-model-"));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe("the backend probe's model", () => {
  it("is a Q4_0 llama that llama.cpp loads and generates a token from", { timeout: 60_000 }, async () => {
    const modelPath = path.join(dir, "probe.gguf");
    await writeProbeModel(modelPath, 128);
    const header = await readGgufHeader(modelPath);
    expect(header.metadata["general.architecture"]).toBe("llama");
    expect(header.tensors.find((t) => t.name === "blk.0.attn_q.weight")?.type).toBe(GgmlType.Q4_0);

    const llama = await getLlama({ build: "never", skipDownload: true, gpu: false, maxThreads: 1, logLevel: LlamaLogLevel.error });
    const model = await llama.loadModel({ modelPath });
    const context = await model.createContext({ contextSize: 128, sequences: 1, threads: 1 });
    const tokens = context.getSequence().evaluate(model.tokenize("Hello"), { temperature: 0 });
    const first = await tokens.next();
    await tokens.return(undefined);
    expect(first.done).toBe(false);
    expect(typeof first.value).toBe("number");
    await context.dispose();
    await model.dispose();
    await llama.dispose();
  });
});
