// The generation queue, defined once for the producer (web), the worker and recovery: name, job name,
// payload schema, connection, prefix and options.
import "server-only";
import { type Job, type Processor, Queue, Worker } from "bullmq";
import { z } from "zod";
import { processQueue, queueConnection, takeOverAfter } from "../bullmq";

const QUEUE_NAME = "generation";
const JOB_NAME = "generate";

export const generationJobSchema = z.object({
  generationId: z.string().min(1),
  conversationId: z.string().min(1),
  userId: z.string().min(1),
  modelId: z.string().min(1),
});

export type GenerationJob = z.infer<typeof generationJobSchema>;

/** Attempts per generation: a crashed worker's job is retried, then the generation is marked failed. */
export const GENERATION_ATTEMPTS = 3;

/**
 * BullMQ priority for a user's next job (lower runs first; equal priorities run in arrival order).
 * A user's n-th waiting job gets priority n, so users take turns instead of the queue being FIFO.
 */
export function fairPriority(userWaitingJobs: number): number {
  return Math.min(Math.max(1, userWaitingJobs + 1), 2_000_000);
}

/** A new handle on the queue (each with its own connection); the web keeps one per process. */
export function openGenerationQueue(connectionName = "queue"): Queue<GenerationJob> {
  return new Queue<GenerationJob>(QUEUE_NAME, {
    ...queueConnection(connectionName),
    defaultJobOptions: {
      attempts: GENERATION_ATTEMPTS,
      backoff: { type: "fixed", delay: 500 },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 1000 },
    },
  });
}

export function getGenerationQueue(): Queue<GenerationJob> {
  return processQueue("hearthGenerationQueue", () => openGenerationQueue());
}

/** Adds a generation; jobId = generation id, so adding the same generation twice is a no-op. */
export async function addGenerationJob(queue: Queue<GenerationJob>, job: GenerationJob, priority: number): Promise<void> {
  const payload = generationJobSchema.parse(job);
  await queue.add(JOB_NAME, payload, { jobId: payload.generationId, priority });
}

/** The payload of a job, or null when it is not a valid generation job (e.g. left by an older version). */
export function parseGenerationJob(job: Pick<Job, "data">): GenerationJob | null {
  const parsed = generationJobSchema.safeParse(job.data);
  return parsed.success ? parsed.data : null;
}

export function createGenerationWorker(
  processor: Processor<GenerationJob, string>,
  options: { concurrency: number; lockMs: number },
): Worker<GenerationJob, string> {
  return new Worker<GenerationJob, string>(QUEUE_NAME, processor, {
    ...queueConnection("worker-queue"),
    concurrency: options.concurrency,
    ...takeOverAfter(options.lockMs, GENERATION_ATTEMPTS),
  });
}
