// Stopping a generation: a queued one is taken off the queue and ends at once; a running one is aborted by
// its worker (through the control channel, backed by a stop flag the worker polls).
import "server-only";
import { getRedis } from "../redis";
import { finishGeneration } from "./finish";
import { encodeStopMessage } from "./protocol";
import { getGenerationQueue } from "./queue";
import { generationKeys } from "./redis-keys";
import { removeWaiting } from "./waiting-count";

/** Seconds a stop request is kept for a worker that was reconnecting when it was published. */
const STOP_FLAG_TTL_S = 3600;

export async function stopGeneration(generation: { id: string; status: string }, userId: string): Promise<void> {
  if (generation.status !== "queued" && generation.status !== "generating") return;
  if (generation.status === "queued" && (await removeQueuedJob(generation.id))) {
    await removeWaiting(getRedis(), userId);
    await finishGeneration({ generationId: generation.id, record: { status: "stopped", content: "", outputTokens: 0 } });
    return;
  }
  const redis = getRedis();
  await redis.set(generationKeys.stopFlag(generation.id), "1", "EX", STOP_FLAG_TTL_S);
  await redis.publish(generationKeys.control(), encodeStopMessage(generation.id));
}

/** Removes a job that has not started yet. False when a worker already holds it. */
async function removeQueuedJob(generationId: string): Promise<boolean> {
  const job = await getGenerationQueue().getJob(generationId);
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
