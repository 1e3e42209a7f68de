// Whether a model fits a worker, by node-llama-cpp's own estimates from the model's header.
import { GgufInsights, readGgufFileInfo } from "node-llama-cpp";
import type { WorkerStatus } from "../workers/status";

export type FitEstimate = {
  fits: boolean;
  /** Bytes the model and its context need at the configured context size (VRAM + RAM). */
  memoryBytes: number;
  /** What the worker has to offer: VRAM when it has a GPU, else RAM. */
  availableBytes: number;
  gpuLayers: number;
  speed: "fast" | "medium" | "slow";
};

/** `headerPath` must already have passed Hearth's bounded reader (node-llama-cpp's has no limits). */
export async function estimateFit(headerPath: string, options: { contextSize: number; worker: WorkerStatus }): Promise<FitEstimate> {
  const { worker } = options;
  const info = await readGgufFileInfo(headerPath, { logWarnings: false });
  const insights = await GgufInsights.from(info);
  const gpu = worker.gpu && worker.vram ? worker.gpu : false;
  const { compatibilityScore, resolvedValues } = await insights.configurationResolver.resolveAndScoreConfig(
    // As the worker loads it: the configured context, capped at the model's own.
    { targetContextSize: Math.min(options.contextSize, insights.trainContextSize ?? options.contextSize) },
    {
      getVramState: async () => ({ total: worker.vram?.total ?? 0, free: worker.vram?.free ?? 0, unifiedSize: 0 }),
      getRamState: async () => worker.ram,
      getSwapState: async () => ({ total: 0, free: 0 }),
      llamaGpu: gpu as never,
      llamaSupportsGpuOffloading: gpu !== false,
    },
  );
  const memoryBytes = resolvedValues.totalVramUsage + resolvedValues.totalRamUsage;
  const availableBytes = gpu ? (worker.vram?.total ?? 0) : worker.ram.total;
  const allOnGpu = gpu !== false && resolvedValues.gpuLayers >= insights.totalLayers;
  // Token speed is bound by memory bandwidth: weights read per token, GPU far faster than CPU.
  const weights = insights.modelSize;
  const speed = allOnGpu ? (weights < 20e9 ? "fast" : "medium") : weights < 1.5e9 ? "fast" : weights < 6e9 ? "medium" : "slow";
  return { fits: compatibilityScore > 0, memoryBytes, availableBytes, gpuLayers: resolvedValues.gpuLayers, speed };
}
