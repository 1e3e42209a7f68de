// Queue names and job payloads, defined once for the producer (app) and the processor (worker).
import { z } from "zod";

export const GENERATION_QUEUE = "generation";

export const generationJobSchema = z.object({
  messageId: z.string().min(1),
  conversationId: z.string().min(1),
  userId: z.string().min(1),
  modelId: z.string().min(1),
});

export type GenerationJob = z.infer<typeof generationJobSchema>;

/** Attempts per generation: a crashed worker's job is retried, then the message is marked failed. */
export const GENERATION_ATTEMPTS = 3;

/**
 * BullMQ priority for a user's next job (lower runs first; equal priorities run in arrival order).
 * A user's n-th waiting job gets priority n, so users take turns instead of the queue being FIFO.
 */
export function fairPriority(userWaitingJobs: number): number {
  return Math.min(Math.max(1, userWaitingJobs + 1), 2_000_000);
}
