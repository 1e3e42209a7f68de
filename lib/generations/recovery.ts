// Puts back on the queue any unfinished generation whose job is gone (Redis restarted without its data),
// and fails those whose job ended without storing a result. PostgreSQL is the source of truth.
import "server-only";
import type { Queue } from "bullmq";
import { finishGeneration } from "./finish";
import { addGenerationJob, type GenerationJob } from "./queue";
import { listStaleGenerations } from "./store";

/** An unfinished generation untouched this long is checked against the queue. */
export const STALE_AFTER_MS = 5_000;

export async function recoverGenerations(queue: Queue<GenerationJob>): Promise<{ requeued: number; failed: number }> {
  let requeued = 0;
  let failed = 0;
  for (const generation of await listStaleGenerations(STALE_AFTER_MS)) {
    const job = await queue.getJob(generation.generationId);
    const state = job ? await job.getState() : "missing";
    if (state === "missing" || state === "unknown") {
      if (!generation.modelId) {
        if (await fail(generation.generationId, "modelNoLongerInstalled")) failed++;
        continue;
      }
      await addGenerationJob(queue, { ...generation, modelId: generation.modelId }, 1);
      requeued++;
    } else if (state === "completed" || state === "failed") {
      if (await fail(generation.generationId, "answerInterrupted")) failed++;
    }
  }
  return { requeued, failed };
}

function fail(generationId: string, error: string): Promise<boolean> {
  return finishGeneration({ generationId, record: { status: "failed", error } });
}
