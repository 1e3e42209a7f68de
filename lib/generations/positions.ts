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

/** The waiting jobs in the order workers will take them: plain waiting jobs first, then by priority. */
async function waitingInOrder(queue: Queue<GenerationJob>): Promise<string[]> {
  const waiting = (await queue.getWaiting(0, MAX_ANNOUNCED)).reverse();
  const prioritized = await queue.getPrioritized(0, MAX_ANNOUNCED);
  return [...waiting, ...prioritized].flatMap((job) => (job?.id ? [job.id] : []));
}

export async function announcePositions(queue: Queue<GenerationJob>, redis: Redis, slots: number): Promise<void> {
  const ids = await waitingInOrder(queue);
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
