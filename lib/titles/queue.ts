// The title queue, apart from the generation queue so a title never waits in line with (or ahead of) an answer:
// name, payload, producer and consumer. Only the worker uses it: it asks for a title when an answer is done.
import "server-only";
import { type Job, type Processor, Queue, type Worker } from "bullmq";
import { z } from "zod";
import { oneJobAtATime, queueConnection } from "../bullmq";

const QUEUE_NAME = "title";
const JOB_NAME = "title";

export const titleJobSchema = z.object({ conversationId: z.string().min(1) });
export type TitleJob = z.infer<typeof titleJobSchema>;

/** A title that failed twice is not worth more of the model's time: the first words stay. */
export const TITLE_ATTEMPTS = 2;

export function openTitleQueue(connectionName = "title-queue"): Queue<TitleJob> {
  return new Queue<TitleJob>(QUEUE_NAME, {
    ...queueConnection(connectionName),
    defaultJobOptions: {
      attempts: TITLE_ATTEMPTS,
      backoff: { type: "fixed", delay: 2000 },
      // Kept a day: the job id is the conversation's, so a second first answer (a regenerated one) adds nothing.
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 24 * 3600, count: 10_000 },
    },
  });
}

/** jobId = conversation id: asking twice for the same conversation's title adds one job. */
export async function addTitleJob(queue: Queue<TitleJob>, job: TitleJob): Promise<void> {
  const payload = titleJobSchema.parse(job);
  await queue.add(JOB_NAME, payload, { jobId: `title-${payload.conversationId}` });
}

export function parseTitleJob(job: Pick<Job, "data">): TitleJob | null {
  const parsed = titleJobSchema.safeParse(job.data);
  return parsed.success ? parsed.data : null;
}

/** One title at a time: the worker's sequences belong to answers (see worker/titles.ts). */
export function createTitleWorker(processor: Processor<TitleJob, string>, options: { lockMs: number }): Worker<TitleJob, string> {
  return oneJobAtATime(QUEUE_NAME, processor, { connectionName: "worker-title-queue", lockMs: options.lockMs, attempts: TITLE_ATTEMPTS });
}
