// How many generations one loaded model serves at once when HEARTH_WORKER_SEQUENCES is `auto`: as many context
// sequences as fit the memory budget beside the model's weights, at the context size each would get.
import type { Llama } from "node-llama-cpp";
import { countedBytes, gpuLayersFor, readInsights } from "./memory-cost";

/**
 * `auto` stops here: past a few, parallel answers on one model mostly share the same compute, each getting
 * slower, while a family rarely has more people asking at the same moment.
 */
export const AUTO_SEQUENCES_MAX = 4;

/** The most sequences that fit: at least one (the model is of no use without), at most `max`. */
export function chooseSequences(input: { budgetBytes: number; modelBytes: number; sequenceBytes: number; max?: number }): number {
  const max = input.max ?? AUTO_SEQUENCES_MAX;
  if (input.sequenceBytes <= 0) return max;
  const fit = Math.floor((input.budgetBytes - input.modelBytes) / input.sequenceBytes);
  return Math.max(1, Math.min(max, fit));
}

/**
 * node-llama-cpp's estimates for one model file: its weights, and what each further sequence adds to a context
 * (the difference between two and one, so fixed compute buffers are counted once).
 */
export async function estimateSequenceCost(input: {
  llama: Llama;
  modelPath: string;
  contextSize: number;
  gpuLayers?: number;
}): Promise<{ modelBytes: number; sequenceBytes: number }> {
  const insights = await readInsights(input.llama, input.modelPath);
  const gpuLayers = gpuLayersFor(input.llama, insights, input.gpuLayers);
  const bytes = (r: { cpuRam: number; gpuVram: number }) => countedBytes(input.llama, r);
  const context = (sequences: number) =>
    bytes(insights.estimateContextResourceRequirements({ contextSize: input.contextSize, modelGpuLayers: gpuLayers, sequences }));
  return {
    modelBytes: bytes(insights.estimateModelResourceRequirements({ gpuLayers })),
    sequenceBytes: context(2) - context(1),
  };
}
