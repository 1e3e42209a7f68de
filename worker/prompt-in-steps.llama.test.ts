// A title's prompt is read a few tokens at a time (generate's promptInSteps), so an answer that needs the sequence
// stops it after one step, not after the whole prompt; and what it read is reused, not read again.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { getLlama, type Llama, type LlamaContext, LlamaLogLevel, type LlamaModel } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { titlePrompt } from "@/lib/titles/text";
import { makeTinyGguf } from "@/tools/gguf/tiny-model";
import type { Lease } from "./engine/model-host";
import { generate } from "./generate";

let dir: string;
let llama: Llama;
let model: LlamaModel;
let context: LlamaContext;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-steps-"));
  await makeTinyGguf({ out: path.join(dir, "tiny.gguf") });
  llama = await getLlama({ build: "never", skipDownload: true, gpu: false, maxThreads: 1, logLevel: LlamaLogLevel.error });
  model = await llama.loadModel({ modelPath: path.join(dir, "tiny.gguf") });
  context = await model.createContext({ contextSize: 1024, sequences: 1, threads: 1 });
});

afterAll(async () => {
  await context?.dispose();
  await model?.dispose();
  await llama?.dispose();
  await fs.rm(dir, { recursive: true, force: true });
});

/** The sequence as a lease, counting the prompt's reads, the sequence's most tokens, and what generating began with. */
function countedLease(onRead: (reads: number) => void) {
  const sequence = context.getSequence();
  const seen = { reads: 0, mostTokens: 0, generatedFrom: [] as number[] };
  const read = sequence.evaluateWithoutGeneratingNewTokens.bind(sequence);
  sequence.evaluateWithoutGeneratingNewTokens = async (tokens, options) => {
    await read(tokens, options);
    seen.reads++;
    seen.mostTokens = Math.max(seen.mostTokens, sequence.contextTokens.length);
    onRead(seen.reads);
  };
  const evaluate = sequence.evaluate.bind(sequence);
  sequence.evaluate = (tokens, options) => {
    seen.generatedFrom.push(tokens.length);
    return evaluate(tokens, options);
  };
  const lease = { sequence, model, contextSize: context.contextSize, release: () => sequence.dispose() } as Lease;
  return { lease, seen };
}

const turns = titlePrompt({ question: "Conversation 3: tell me about hearths in old stone houses.", answer: "word ".repeat(120) });

describe("a prompt read in steps", () => {
  it("stops after the step in which its signal fires, the rest of the prompt unread", async () => {
    const stop = new AbortController();
    const { lease, seen } = countedLease((reads) => reads === 1 && stop.abort());
    try {
      const result = await generate({ lease, turns, maxTokens: 8, signal: stop.signal, promptInSteps: true, onText: () => {} });
      expect(result.stopReason).toBe("stopped");
      expect(result.outputTokens).toBe(0);
      expect(seen.reads).toBe(1);
      expect(result.promptTokens).toBeGreaterThan(100);
      expect(seen.mostTokens).toBeLessThanOrEqual(16);
      expect(lease.sequence.contextTokens).toHaveLength(0);
    } finally {
      lease.release();
    }
  });

  it("answers as usual when not stopped, the steps' tokens reused by the engine", async () => {
    const { lease, seen } = countedLease(() => {});
    try {
      const result = await generate({
        lease,
        turns,
        maxTokens: 4,
        signal: new AbortController().signal,
        promptInSteps: true,
        onText: () => {},
      });
      expect(result.stopReason).not.toBe("stopped");
      expect(result.outputTokens).toBeGreaterThan(0);
      // The steps read the prompt but its last token; the engine went on from there, reading only that one.
      expect(seen.mostTokens).toBeGreaterThan(100);
      expect(seen.generatedFrom[0]).toBe(1);
    } finally {
      lease.release();
    }
  });
});
