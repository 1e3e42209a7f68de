// What a model and its context take in the memory the worker's budget counts (VRAM on a GPU, else RAM), by
// node-llama-cpp's own estimates: the one home for it, used for chat models (ModelHost.plan) and the embedding model.
import { GgufInsights, type Llama, readGgufFileInfo } from "node-llama-cpp";

export async function readInsights(llama: Llama, modelPath: string): Promise<GgufInsights> {
  const info = await readGgufFileInfo(modelPath, { logWarnings: false });
  return GgufInsights.from(info, llama);
}

/** The layers that go to the GPU: all of them unless the admin set fewer; none on a CPU. */
export function gpuLayersFor(llama: Llama, insights: GgufInsights, setting: number | undefined): number {
  return llama.gpu ? (setting ?? insights.totalLayers) : 0;
}

/** Bytes of the memory that counts, from one of node-llama-cpp's estimates. */
export function countedBytes(llama: Llama, requirements: { cpuRam: number; gpuVram: number }): number {
  return llama.gpu ? requirements.gpuVram : requirements.cpuRam;
}

/** The weights plus one context of `contextSize` tokens and `sequences` sequences (an embedding context if asked). */
export function memoryCost(
  llama: Llama,
  insights: GgufInsights,
  o: { gpuLayers?: number; contextSize: number; sequences?: number; embedding?: boolean },
): number {
  const gpuLayers = gpuLayersFor(llama, insights, o.gpuLayers);
  const model = insights.estimateModelResourceRequirements({ gpuLayers });
  const context = insights.estimateContextResourceRequirements({
    contextSize: o.contextSize,
    modelGpuLayers: gpuLayers,
    sequences: o.sequences ?? 1,
    isEmbeddingContext: o.embedding ?? false,
  });
  return countedBytes(llama, model) + countedBytes(llama, context);
}
