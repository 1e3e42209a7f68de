// What each worker tells the others and the admin page: its memory, free disk, model files and loaded
// models. Reports live in one Redis hash and count only while fresh.
import type { Redis } from "ioredis";
import { modelKeys } from "./redis-keys";

export type MemoryState = { total: number; free: number };

export type WorkerReport = {
  id: string;
  host: string;
  /** "cuda", "vulkan", "metal", or false on the CPU. */
  gpu: string | false;
  vram: MemoryState | null;
  ram: MemoryState;
  disk: MemoryState;
  /** Model files in this worker's models folder (relative paths). */
  files: string[];
  /** Ids of the models loaded right now. */
  loaded: string[];
  at: number;
};

/** A report older than this means the worker is gone. */
export const REPORT_STALE_MS = 30_000;

export async function publishWorkerReport(redis: Redis, report: WorkerReport): Promise<void> {
  await redis.hset(modelKeys.workerReports(), report.id, JSON.stringify(report));
}

export async function removeWorkerReport(redis: Redis, id: string): Promise<void> {
  await redis.hdel(modelKeys.workerReports(), id);
}

export async function listWorkerReports(redis: Redis): Promise<WorkerReport[]> {
  const all = await redis.hgetall(modelKeys.workerReports());
  const now = Date.now();
  return Object.values(all)
    .map((json) => JSON.parse(json) as WorkerReport)
    .filter((r) => now - r.at < REPORT_STALE_MS)
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** The memory a model must fit: the roomiest worker's GPU when it has one, else its RAM. */
export function largestWorker(reports: WorkerReport[]): WorkerReport | null {
  const room = (r: WorkerReport) => (r.vram ? r.vram.total : r.ram.total);
  return reports.reduce<WorkerReport | null>((best, r) => (!best || room(r) > room(best) ? r : best), null);
}
