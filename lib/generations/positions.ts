// Tells waiting generations their place in line and a rough wait, whenever the line moves.
import "server-only";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { GenerationJob } from "./queue";
import { generationKeys } from "./redis-keys";
import { GenerationWriter } from "./writer";

const MAX_ANNOUNCED = 100;
/** Weight of the newest generation in the moving average of generation time. */
const DURATION_WEIGHT = 0.2;

export async function recordGenerationSeconds(redis: Redis, seconds: number): Promise<void> {
  const key = generationKeys.averageSeconds();
  const previous = Number(await redis.get(key));
  const next = Number.isFinite(previous) && previous > 0 ? previous * (1 - DURATION_WEIGHT) + seconds * DURATION_WEIGHT : seconds;
  await redis.set(key, next.toFixed(3), "EX", 7 * 24 * 3600);
}

/**
 * A worker took this generation but it waits for a free sequence or for its model: it is at the head of
 * the line, ahead of every job still in the queue. Until it is released it is announced like a waiting one.
 */
export async function holdInLine(redis: Redis, generationId: string): Promise<void> {
  // Released when its attempt starts or ends; the expiry only bounds what killed workers leave behind.
  await redis.multi().zadd(generationKeys.held(), "NX", Date.now(), generationId).expire(generationKeys.held(), 3600).exec();
}

export async function releaseFromLine(redis: Redis, generationId: string): Promise<void> {
  await redis.zrem(generationKeys.held(), generationId);
}

/**
 * Everyone waiting, in the order they will start: generations a worker holds first (in the order taken),
 * then the queue's plain waiting jobs, then its prioritized ones. A held entry whose job is no longer active
 * (its worker was killed) is left out; the job comes back through the queue.
 */
async function waitingInOrder(queue: Queue<GenerationJob>, redis: Redis): Promise<string[]> {
  const [held, active, waiting, prioritized] = await Promise.all([
    redis.zrange(generationKeys.held(), 0, MAX_ANNOUNCED),
    queue.getActive(0, MAX_ANNOUNCED),
    queue.getWaiting(0, MAX_ANNOUNCED),
    queue.getPrioritized(0, MAX_ANNOUNCED),
  ]);
  const activeIds = new Set(active.flatMap((job) => (job?.id ? [job.id] : [])));
  const queued = [...waiting.reverse(), ...prioritized].flatMap((job) => (job?.id ? [job.id] : []));
  return [...held.filter((id) => activeIds.has(id)), ...queued.filter((id) => !held.includes(id))];
}

export async function announcePositions(queue: Queue<GenerationJob>, redis: Redis, slots: number): Promise<void> {
  const ids = await waitingInOrder(queue, redis);
  const positionsKey = generationKeys.positions();
  const [previous, average, workersOnline] = await Promise.all([
    redis.hgetall(positionsKey),
    redis.get(generationKeys.averageSeconds()),
    queue.getWorkersCount(),
  ]);
  const seconds = Number(average) || null;
  const writes: Promise<unknown>[] = [];
  const current: Record<string, string> = {};
  ids.forEach((id, index) => {
    const position = index + 1;
    current[id] = String(position);
    if (previous[id] === String(position)) return;
    const etaSeconds = seconds === null ? null : Math.ceil(position / Math.max(1, slots)) * seconds;
    writes.push(new GenerationWriter(redis, id).emit({ type: "queued", position, etaSeconds, workersOnline }));
  });
  await Promise.all(writes);
  const pipeline = redis.multi().del(positionsKey);
  if (ids.length) pipeline.hset(positionsKey, current).expire(positionsKey, 3600);
  await pipeline.exec();
}
