// Worker presence: the one record each worker keeps in Redis about itself (backend, device, memory, disk,
// model files, loaded models, load, figures), rewritten every few seconds and gone when it stops. Routing,
// the admin page, /metrics and queue positions all read it here.
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

const memoryState = z.object({ total: z.number(), free: z.number() });
export type MemoryState = z.infer<typeof memoryState>;

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
  /** "cuda", "vulkan", "metal", or false on the CPU. */
  gpu: z.union([z.string(), z.literal(false)]),
  vram: memoryState.nullable(),
  ram: memoryState,
  /** The models folder's disk. */
  disk: memoryState,
  /** Model files in this worker's models folder (relative paths): routing sends a job where its file is. */
  files: z.array(z.string()),
  /** Ids of the models loaded right now. */
  loaded: z.array(z.string()),
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

/** The memory a model must fit: the roomiest worker's GPU when it has one, else its RAM. */
export function largestWorker(workers: WorkerStatus[]): WorkerStatus | null {
  const room = (w: WorkerStatus) => (w.vram ? w.vram.total : w.ram.total);
  return workers.reduce<WorkerStatus | null>((best, w) => (!best || room(w) > room(best) ? w : best), null);
}
