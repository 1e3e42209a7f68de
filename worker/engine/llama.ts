// The llama.cpp runtime: prebuilt binaries only (never a build or a download), on the backend the probe chose.
import { getLlama, type Llama, LlamaLogLevel } from "node-llama-cpp";
import { getLogger, type Logger } from "@/lib/log";
import type { BackendName } from "./probe";

export async function startLlama(options: { backend: BackendName; maxThreads: number; debug: boolean; log?: Logger }): Promise<Llama> {
  const { debug, log } = options;
  return getLlama({
    gpu: options.backend === "cpu" ? false : options.backend,
    build: "never",
    skipDownload: true,
    maxThreads: options.maxThreads,
    logLevel: debug ? LlamaLogLevel.info : LlamaLogLevel.error,
    // Keep llama.cpp's own output from flooding the worker log unless debugging.
    logger: (level: LlamaLogLevel, message: string) => {
      if (debug || level === LlamaLogLevel.error) (log ?? getLogger()).warn({ llama: level }, message.trimEnd());
    },
  });
}
