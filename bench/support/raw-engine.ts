// Raw node-llama-cpp in this process, set up like the worker (worker/engine/llama.ts + model-host.ts).
import { type ChatHistoryItem, type Llama, LlamaChatSession } from "node-llama-cpp";
import { startLlama } from "../../worker/engine/llama";
import { type Lease, ModelHost } from "../../worker/engine/model-host";
import { now } from "./clock";
import type { BenchModel } from "./model-file";
import { rateAfterFirst } from "./report";

export type RawEngine = {
  llama: Llama;
  host: ModelHost;
  acquire: () => Promise<Lease>;
  dispose: () => Promise<void>;
};

export async function openRawEngine(options: {
  model: BenchModel;
  threads: number;
  sequences: number;
  contextSize: number;
}): Promise<RawEngine> {
  const llama = await startLlama({ backend: "cpu", maxThreads: options.threads, debug: false });
  const host = new ModelHost(llama, {
    modelsDir: options.model.dir,
    sequences: options.sequences,
    contextSize: options.contextSize,
    threads: options.threads,
  });
  const spec = { id: "bench", filePath: options.model.file, contextLength: options.model.contextLength };
  return {
    llama,
    host,
    acquire: () => host.acquire(spec),
    dispose: async () => {
      await host.unload();
      await llama.dispose();
    },
  };
}

export type RawRun = {
  promptAt: number;
  firstTokenAt: number | null;
  lastTokenAt: number | null;
  endAt: number;
  tokens: number;
  textChunks: number;
  text: string;
};

export function rawTtftMs(r: RawRun): number | null {
  return r.firstTokenAt === null ? null : r.firstTokenAt - r.promptAt;
}

/** Tokens after the first ÷ time from the first to the last token. */
export function rawTokensPerSec(r: RawRun): number | null {
  return rateAfterFirst(r.tokens, r.firstTokenAt, r.lastTokenAt);
}

/** One generation on a leased sequence, the way worker/generate.ts runs it (fresh session, same sampling). */
export async function rawGenerate(lease: Lease, prompt: string, maxTokens: number, history: ChatHistoryItem[] = []): Promise<RawRun> {
  const session = new LlamaChatSession({ contextSequence: lease.sequence, autoDisposeSequence: false });
  session.setChatHistory(history);
  let firstTokenAt: number | null = null;
  let lastTokenAt: number | null = null;
  let tokens = 0;
  let textChunks = 0;
  const promptAt = now();
  try {
    const { responseText } = await session.promptWithMeta(prompt, {
      maxTokens,
      temperature: 0.7,
      onToken: (t) => {
        const at = now();
        firstTokenAt ??= at;
        lastTokenAt = at;
        tokens += t.length;
      },
      onTextChunk: () => {
        textChunks++;
      },
    });
    return { promptAt, firstTokenAt, lastTokenAt, endAt: now(), tokens, textChunks, text: responseText };
  } finally {
    session.dispose({ disposeSequence: false });
    await lease.sequence.clearHistory();
  }
}
