// Tells Redis, every few seconds, what this worker has: memory (VRAM per GPU, else RAM), free disk,
// the model files in its folder and the models it has loaded.
import fs from "node:fs/promises";
import os from "node:os";
import type { Redis } from "ioredis";
import type { Llama } from "node-llama-cpp";
import { listModelFiles } from "@/lib/models/paths";
import { publishWorkerReport, removeWorkerReport, type WorkerReport } from "@/lib/models/workers";

const REPORT_MS = 5_000;

export async function buildReport(options: { id: string; llama: Llama; modelsDir: string; loaded: () => string[] }): Promise<WorkerReport> {
  const { llama, modelsDir } = options;
  const gpu = llama.gpu;
  const vram = gpu ? await llama.getVramState() : null;
  const disk = await fs.statfs(modelsDir);
  return {
    id: options.id,
    host: os.hostname(),
    gpu,
    vram: vram ? { total: vram.total, free: vram.free } : null,
    ram: await llama.getRamState().then(({ total, free }) => ({ total, free })),
    disk: { total: disk.blocks * disk.bsize, free: disk.bavail * disk.bsize },
    files: (await listModelFiles(modelsDir)).map((f) => f.path),
    loaded: options.loaded(),
    at: Date.now(),
  };
}

/** Starts reporting; the returned function stops and withdraws the report. */
export function startReporting(redis: Redis, options: Parameters<typeof buildReport>[0]): () => Promise<void> {
  const tick = () =>
    buildReport(options)
      .then((report) => publishWorkerReport(redis, report))
      .catch((error: Error) => console.warn(`[worker] report: ${error.message}`));
  void tick();
  const timer = setInterval(tick, REPORT_MS);
  return async () => {
    clearInterval(timer);
    await removeWorkerReport(redis, options.id).catch(() => {});
  };
}
