// What each worker tells the rest of Hearth about itself (backend, device, loaded model, load, figures),
// written by the worker every few seconds and read by the admin page and /metrics.
import type { Redis } from "ioredis";
import { z } from "zod";
import { getEnv } from "../env";

export const workerKeys = {
  status: (workerId: string) => `${getEnv().HEARTH_REDIS_PREFIX}:worker:${workerId}`,
  /** The thread count measured for one model file on one host (thread count `auto`). */
  modelThreads: (host: string, modelFile: string) => `${getEnv().HEARTH_REDIS_PREFIX}:threads:${host}:${modelFile}`,
};

/** A worker that stopped reporting for this long is gone (killed, or its machine is down). */
export const WORKER_STATUS_TTL_S = 30;

const threadTrial = z.object({ threads: z.number(), tokensPerSec: z.number() });

export const workerStatusSchema = z.object({
  id: z.string(),
  host: z.string(),
  pid: z.number(),
  startedAt: z.number(),
  updatedAt: z.number(),
  backend: z.string(),
  device: z.string(),
  /** GPU memory for a GPU backend, RAM for the CPU. */
  deviceMemoryBytes: z.number(),
  refused: z.array(z.object({ backend: z.string(), reason: z.string() })),
  threadsSetting: z.union([z.literal("auto"), z.number()]),
  cores: z.number(),
  sequencesSetting: z.union([z.literal("auto"), z.number()]),
  /** Generations this worker takes at once. */
  sequences: z.number(),
  model: z
    .object({
      modelId: z.string(),
      filePath: z.string(),
      threads: z.number(),
      threadTrials: z.array(threadTrial),
      sequences: z.number(),
      contextSize: z.number(),
      sizeBytes: z.number(),
    })
    .nullable(),
  activeGenerations: z.number(),
  rssBytes: z.number(),
  /** The worker's own histograms and counters, as prom-client's getMetricsAsJSON() gives them. */
  metrics: z.array(z.unknown()),
});

export type WorkerStatus = z.infer<typeof workerStatusSchema>;

export async function publishWorkerStatus(redis: Redis, status: WorkerStatus): Promise<void> {
  await redis.set(workerKeys.status(status.id), JSON.stringify(status), "EX", WORKER_STATUS_TTL_S);
}

export async function removeWorkerStatus(redis: Redis, workerId: string): Promise<void> {
  await redis.del(workerKeys.status(workerId));
}

export async function listWorkerStatuses(redis: Redis): Promise<WorkerStatus[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", workerKeys.status("*"), "COUNT", 100);
    cursor = next;
    found.push(...batch);
  } while (cursor !== "0");
  if (!found.length) return [];
  const values = await redis.mget(...found);
  return values
    .flatMap((v) => {
      const parsed = v ? workerStatusSchema.safeParse(JSON.parse(v)) : null;
      return parsed?.success ? [parsed.data] : [];
    })
    .sort((a, b) => a.startedAt - b.startedAt);
}

/** Generations all live workers take at once (at least one): how fast the line moves. */
export async function servingSlots(redis: Redis): Promise<number> {
  const statuses = await listWorkerStatuses(redis);
  return Math.max(
    1,
    statuses.reduce((total, w) => total + w.sequences, 0),
  );
}
