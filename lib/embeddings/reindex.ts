// The re-index request: when the admin changes the family's embedding model, every document's chunks must be
// embedded again with the new one. The settings change adds one job here; the documents pipeline consumes it
// (queue "documents-reindex", job "reindex-documents") and reports progress itself.
import "server-only";
import { Queue } from "bullmq";
import { z } from "zod";
import { processQueue, queueConnection } from "../bullmq";

export const REINDEX_QUEUE = "documents-reindex";
export const REINDEX_JOB = "reindex-documents";

export const reindexJobSchema = z.object({
  /** The model to embed with from now on; null when the admin chose none (documents then cannot be searched). */
  embeddingModelId: z.string().nullable(),
  previousModelId: z.string().nullable(),
  requestedAt: z.string(),
});
export type ReindexJob = z.infer<typeof reindexJobSchema>;

export function getReindexQueue(): Queue<ReindexJob> {
  return processQueue(
    "hearthReindexQueue",
    () =>
      new Queue<ReindexJob>(REINDEX_QUEUE, {
        ...queueConnection("reindex-queue"),
        defaultJobOptions: {
          attempts: 3,
          backoff: { type: "exponential", delay: 5000 },
          removeOnComplete: { count: 100 },
          removeOnFail: { count: 100 },
        },
      }),
  );
}

/** One job per change; a consumer that finds a newer job waiting may skip the older one. */
export async function requestReindex(change: { embeddingModelId: string | null; previousModelId: string | null }): Promise<void> {
  const payload = reindexJobSchema.parse({ ...change, requestedAt: new Date().toISOString() });
  await getReindexQueue().add(REINDEX_JOB, payload);
}
