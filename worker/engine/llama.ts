// The llama.cpp runtime: prebuilt binaries only (never a build or a download), GPU per configuration.
import { getLlama, type Llama, LlamaLogLevel } from "node-llama-cpp";
import type { Env } from "@/lib/env";

export async function startLlama(env: Pick<Env, "HEARTH_GPU" | "HEARTH_WORKER_THREADS" | "HEARTH_DEBUG_ENGINE">): Promise<Llama> {
  const base = {
    build: "never" as const,
    skipDownload: true,
    maxThreads: env.HEARTH_WORKER_THREADS,
    logLevel: env.HEARTH_DEBUG_ENGINE ? LlamaLogLevel.info : LlamaLogLevel.error,
    // Keep llama.cpp's own output from flooding the worker log unless debugging.
    logger: (level: LlamaLogLevel, message: string) => {
      if (env.HEARTH_DEBUG_ENGINE || level === LlamaLogLevel.error) console.error(`[llama] ${message.trimEnd()}`);
    },
  };
  const gpu = env.HEARTH_GPU === "false" ? false : env.HEARTH_GPU;
  try {
    return await getLlama({ ...base, gpu });
  } catch (error) {
    if (gpu === false) throw error;
    console.warn(`[worker] GPU backend "${gpu}" unavailable (${(error as Error).message}); falling back to CPU`);
    return getLlama({ ...base, gpu: false });
  }
}
