// The pull queue, defined once for the producer (web) and the worker: name, payload schema, connection,
// prefix and options. Separate from the generation queue: a download never waits behind answers.
import { type Processor, Queue, type Worker } from "bullmq";
import { z } from "zod";
import { oneJobAtATime, processQueue, queueConnection, stateInDatabaseJobs } from "../../bullmq";

const QUEUE_NAME = "model-pull";
const JOB_NAME = "pull";

export const pullJobSchema = z.object({ pullId: z.string().min(1) });

export type PullJob = z.infer<typeof pullJobSchema>;

/** Tries per pull: a dropped connection or a restarted worker resumes the download from where it stopped. */
export const PULL_ATTEMPTS = 5;

export function getPullQueue(): Queue<PullJob> {
  return processQueue("hearthPullQueue", () => openPullQueue());
}

function openPullQueue(): Queue<PullJob> {
  return new Queue<PullJob>(QUEUE_NAME, { ...queueConnection("pull-queue"), defaultJobOptions: stateInDatabaseJobs(PULL_ATTEMPTS) });
}

/**
 * jobId = pull id: a pull is queued at most once at a time. A cleanup (of a discarded pull's files) gets an
 * id of its own, so it is not lost while the pull's own job is still winding down.
 */
export async function addPullJob(job: PullJob, options: { cleanup?: boolean } = {}): Promise<void> {
  const payload = pullJobSchema.parse(job);
  await getPullQueue().add(JOB_NAME, payload, { jobId: options.cleanup ? `${payload.pullId}-cleanup` : payload.pullId });
}

/**
 * One download at a time per worker; the disk and the line are the limits, not the CPU. A killed worker's
 * download is resumed from its partial file by whichever worker takes it over.
 */
export function createPullWorker(processor: Processor<PullJob, string>, options: { lockMs: number }): Worker<PullJob, string> {
  return oneJobAtATime(QUEUE_NAME, processor, { connectionName: "worker-pull-queue", lockMs: options.lockMs, attempts: PULL_ATTEMPTS });
}
