// Several workers, each with its own models folder, share one queue: a worker runs a generation only when
// its folder has the model's file, and hands the job back for another worker when one reports having it.
import fs from "node:fs/promises";
import path from "node:path";
import { DelayedError, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { listWorkerStatuses } from "@/lib/workers/status";

const HAND_BACK_MS = 100;

export async function hasModelFile(modelsDir: string, filePath: string): Promise<boolean> {
  return fs
    .access(path.join(modelsDir, filePath))
    .then(() => true)
    .catch(() => false);
}

/**
 * Returns when this worker should run the job. Throws BullMQ's DelayedError after putting the job back
 * when another live worker has the model and this one does not.
 */
export async function routeToModel(options: {
  job: Job;
  token?: string;
  redis: Redis;
  modelsDir: string;
  filePath: string;
}): Promise<void> {
  if (await hasModelFile(options.modelsDir, options.filePath)) return;
  const workers = await listWorkerStatuses(options.redis).catch(() => []);
  // No worker has it: run here, where loading fails and the member is told why.
  if (!workers.some((w) => w.files.includes(options.filePath))) return;
  await options.job.moveToDelayed(Date.now() + HAND_BACK_MS, options.token);
  throw new DelayedError();
}
