// Puts back on the queue any unfinished answer whose job is gone (Redis restarted without its data),
// and fails those whose job ended without storing a result. PostgreSQL is the source of truth.
import type { Queue } from "bullmq";
import { markMessageFailed } from "../queries/conversations";
import { listStaleGenerations } from "../queries/generations";
import { getRedis } from "../redis";
import { GenerationWriter } from "../stream/writer";
import type { GenerationJob } from "./jobs";

/** An unfinished answer untouched this long is checked against the queue. */
export const STALE_AFTER_MS = 5_000;

export async function recoverGenerations(queue: Queue<GenerationJob>): Promise<{ requeued: number; failed: number }> {
  let requeued = 0;
  let failed = 0;
  for (const generation of await listStaleGenerations(STALE_AFTER_MS)) {
    const job = await queue.getJob(generation.messageId);
    const state = job ? await job.getState() : "missing";
    if (state === "missing" || state === "unknown") {
      if (!generation.modelId) {
        await failLost(generation.messageId, "The model for this conversation is no longer installed.");
        failed++;
        continue;
      }
      const { messageId, conversationId, userId, modelId } = generation;
      await queue.add("generate", { messageId, conversationId, userId, modelId }, { jobId: messageId, priority: 1 });
      requeued++;
    } else if (state === "completed" || state === "failed") {
      await failLost(generation.messageId, "The answer was interrupted and could not be finished. Try sending it again.");
      failed++;
    }
  }
  return { requeued, failed };
}

async function failLost(messageId: string, error: string): Promise<void> {
  await markMessageFailed(messageId, error);
  await new GenerationWriter(getRedis(), messageId).finish({ type: "failed", content: "", error });
}
