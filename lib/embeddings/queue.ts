// The embedding queue, defined once for the web (producer, waits for the vectors) and the worker: the web never
// runs a model, so /v1/embeddings hands its texts to the worker like a generation and waits for the answer.
import "server-only";
import { type Processor, Queue, QueueEvents, type Worker } from "bullmq";
import { z } from "zod";
import { oneJobAtATime, processQueue, queueConnection } from "../bullmq";

const QUEUE_NAME = "embedding";
const JOB_NAME = "embed";
/** How long a caller waits for its vectors (a model load included) before a clear "try again". */
export const EMBEDDING_WAIT_MS = 120_000;
/** The most texts and characters one request embeds: a request is one job, and a job should not hold a worker for minutes. */
export const MAX_EMBEDDING_TEXTS = 256;
export const MAX_EMBEDDING_CHARS = 32_000;

export const embeddingJobSchema = z.object({
  modelId: z.string().min(1),
  texts: z.array(z.string().max(MAX_EMBEDDING_CHARS)).min(1).max(MAX_EMBEDDING_TEXTS),
});
export type EmbeddingJob = z.infer<typeof embeddingJobSchema>;
export type EmbeddingResult = { model: string; dimensions: number; vectors: number[][]; tokens: number };

const ATTEMPTS = 2;

export function getEmbeddingQueue(): Queue<EmbeddingJob, EmbeddingResult> {
  return processQueue(
    "hearthEmbeddingQueue",
    () =>
      new Queue<EmbeddingJob, EmbeddingResult>(QUEUE_NAME, {
        ...queueConnection("embedding-queue"),
        // Kept a minute after finishing: the waiting request reads the result from the job.
        defaultJobOptions: { attempts: ATTEMPTS, removeOnComplete: { age: 60 }, removeOnFail: { age: 600 } },
      }),
  );
}

function getEmbeddingEvents(): QueueEvents {
  const store = globalThis as unknown as { hearthEmbeddingEvents?: QueueEvents };
  store.hearthEmbeddingEvents ??= new QueueEvents(QUEUE_NAME, queueConnection("embedding-events"));
  return store.hearthEmbeddingEvents;
}

/** Queues the texts and waits for the worker's vectors; a worker error comes back as the thrown error's message. */
export async function embedThroughWorker(job: EmbeddingJob): Promise<EmbeddingResult> {
  const payload = embeddingJobSchema.parse(job);
  const events = getEmbeddingEvents();
  await events.waitUntilReady();
  const added = await getEmbeddingQueue().add(JOB_NAME, payload);
  return (await added.waitUntilFinished(events, EMBEDDING_WAIT_MS)) as EmbeddingResult;
}

export function createEmbeddingWorker(
  processor: Processor<EmbeddingJob, EmbeddingResult>,
  options: { lockMs: number },
): Worker<EmbeddingJob, EmbeddingResult> {
  return oneJobAtATime(QUEUE_NAME, processor, { connectionName: "worker-embedding", lockMs: options.lockMs, attempts: ATTEMPTS });
}
