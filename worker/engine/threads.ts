// Thread count `auto`: measure a short decode at a few counts on the loaded model and keep the fastest.
// llama.cpp threads busy-wait, so the best count depends on the model and on what else needs the cores.
import type { LlamaModel } from "node-llama-cpp";
import { threadCandidates } from "./cores";

export type ThreadTrial = { threads: number; tokensPerSec: number };
export type ThreadChoice = { threads: number; trials: ThreadTrial[] };

const DECODE_TOKENS = 24;

export async function chooseThreads(model: LlamaModel, cores: number): Promise<ThreadChoice> {
  const candidates = threadCandidates(cores);
  if (candidates.length === 1) return { threads: candidates[0] ?? 1, trials: [] };
  const trials: ThreadTrial[] = [];
  for (const threads of candidates) trials.push({ threads, tokensPerSec: await decodeRate(model, threads) });
  const best = trials.reduce((a, b) => (b.tokensPerSec > a.tokensPerSec ? b : a));
  return { threads: best.threads, trials };
}

/** Tokens per second of one sequence generating after a short prompt, at a fixed thread count. */
export async function decodeRate(model: LlamaModel, threads: number, tokens = DECODE_TOKENS): Promise<number> {
  const context = await model.createContext({ contextSize: 256, sequences: 1, threads: { ideal: threads, min: threads } });
  try {
    const prompt = model.tokenize("The family gathered by the hearth and");
    // yieldEogToken: an end-of-text token must not end the measurement early.
    const generation = context.getSequence().evaluate(prompt, { temperature: 0, yieldEogToken: true });
    await generation.next(); // the prompt and the first token: not decode speed
    const started = performance.now();
    let count = 0;
    while (count < tokens && !(await generation.next()).done) count++;
    await generation.return(undefined);
    return count / ((performance.now() - started) / 1000);
  } finally {
    await context.dispose();
  }
}
