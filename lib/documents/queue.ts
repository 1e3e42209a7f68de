// The documents queue, defined once for the producer (web) and the worker: name, payload, connection and
// options. Its own queue, one job at a time: reading and indexing a file never takes a chat's place.
import { type Processor, Queue, type Worker } from "bullmq";
import { z } from "zod";
import { oneJobAtATime, processQueue, queueConnection, stateInDatabaseJobs } from "../bullmq";

const QUEUE_NAME = "documents";

export const documentJobSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("index"), documentId: z.string().min(1) }),
  /** Re-embed every chunk with the family's (new) embedding model. */
  z.object({ kind: z.literal("reindex") }),
]);

export type DocumentJob = z.infer<typeof documentJobSchema>;

export const DOCUMENT_ATTEMPTS = 3;

export function getDocumentQueue(): Queue<DocumentJob> {
  return processQueue("hearthDocumentQueue", () => openDocumentQueue());
}

function openDocumentQueue(): Queue<DocumentJob> {
  return new Queue<DocumentJob>(QUEUE_NAME, {
    ...queueConnection("document-queue"),
    defaultJobOptions: stateInDatabaseJobs(DOCUMENT_ATTEMPTS),
  });
}

/**
 * jobId = document id: a file is indexed at most once at a time. A re-index is prioritized, which in BullMQ puts it
 * behind every plain (waiting) job: a file a member uploads is indexed before the re-index goes on.
 */
export async function addDocumentJob(job: DocumentJob): Promise<void> {
  const payload = documentJobSchema.parse(job);
  const options = payload.kind === "index" ? { jobId: `index-${payload.documentId}` } : { jobId: `reindex-${Date.now()}`, priority: 1 };
  await getDocumentQueue().add(payload.kind, payload, options);
}

/** Whether members' files wait to be indexed (a running re-index makes way for them between two files). */
export async function filesWaitingToBeIndexed(): Promise<boolean> {
  return (await getDocumentQueue().getWaitingCount()) > 0;
}

/** One file at a time: indexing is background work beside the answers. */
export function createDocumentWorker(processor: Processor<DocumentJob, string>, options: { lockMs: number }): Worker<DocumentJob, string> {
  return oneJobAtATime(QUEUE_NAME, processor, {
    connectionName: "worker-document-queue",
    lockMs: Math.max(options.lockMs, 30_000),
    attempts: DOCUMENT_ATTEMPTS,
  });
}
