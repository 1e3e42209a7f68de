// Enqueues generations. The queue is a lazy singleton; payloads are validated before they leave.
import { Queue } from "bullmq";
import { getEnv } from "../env";
import { createRedis, getRedis, keys } from "../redis";
import { GenerationWriter } from "../stream/writer";
import { fairPriority, GENERATION_ATTEMPTS, GENERATION_QUEUE, type GenerationJob, generationJobSchema } from "./jobs";
import { announcePositions } from "./positions";
import { addWaiting } from "./waiting-count";

const globalForQueue = globalThis as unknown as { hearthGenerationQueue?: Queue<GenerationJob> };

export function getGenerationQueue(): Queue<GenerationJob> {
  globalForQueue.hearthGenerationQueue ??= new Queue<GenerationJob>(GENERATION_QUEUE, {
    connection: createRedis("queue"),
    prefix: getEnv().HEARTH_REDIS_PREFIX,
    defaultJobOptions: {
      attempts: GENERATION_ATTEMPTS,
      backoff: { type: "fixed", delay: 500 },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 1000 },
    },
  });
  return globalForQueue.hearthGenerationQueue;
}

export async function enqueueGeneration(job: GenerationJob): Promise<void> {
  const payload = generationJobSchema.parse(job);
  const redis = getRedis();
  const writer = new GenerationWriter(redis, payload.messageId);
  // One pipelined round trip (same connection, so in this order); this is on the path to the first token.
  const [waiting] = await Promise.all([addWaiting(redis, payload.userId), writer.emit({ type: "queued", position: null }), writer.touch()]);
  // jobId = message id: enqueueing the same message twice is a no-op.
  await getGenerationQueue().add("generate", payload, {
    jobId: payload.messageId,
    priority: fairPriority(waiting - 1),
  });
  // Not awaited: the sender need not wait for everyone else to hear where they stand (and whether any
  // worker is running at all).
  void announcePositions(getGenerationQueue(), redis, getEnv().HEARTH_WORKER_SEQUENCES).catch(() => {});
}

/** Removes a job that has not started yet. False when a worker already holds it. */
export async function removeQueuedGeneration(messageId: string): Promise<boolean> {
  const job = await getGenerationQueue().getJob(messageId);
  if (!job) return false;
  const state = await job.getState();
  if (state !== "waiting" && state !== "prioritized" && state !== "delayed") return false;
  try {
    await job.remove();
    return true;
  } catch {
    return false;
  }
}

export async function requestStop(messageId: string): Promise<void> {
  const redis = getRedis();
  await redis.set(keys.stopFlag(messageId), "1", "EX", 3600);
  await redis.publish(keys.controlChannel(), JSON.stringify({ type: "stop", messageId }));
}
