// Starts, cancels and resumes pulls; the download itself runs on a worker.
import { AppError } from "../../errors";
import { createPull, getPull, setPullStatus } from "../../queries/pulls";
import { getRedis } from "../../redis";
import { modelKeys } from "../keys";
import { findHubFile } from "./hub";
import { addPullJob, getPullQueue } from "./queue";

const PREVIOUS_JOB_WAIT_MS = 15_000;

/**
 * Queues the pull's job (its id is the pull's). A cancelled download's job may still be ending on its worker: until
 * it is gone a new job with that id would be dropped, so wait for it (the cancel flag stays set meanwhile).
 */
async function enqueue(pullId: string): Promise<void> {
  const queue = getPullQueue();
  for (const started = Date.now(); ; ) {
    const job = await queue.getJob(pullId);
    const state = job ? await job.getState() : "unknown";
    if (state !== "active") break;
    if (Date.now() - started > PREVIOUS_JOB_WAIT_MS) throw new AppError("conflict", "pullStillStopping");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await getRedis().del(modelKeys.pullCancel(pullId));
  // A job still waiting in line simply runs: it reads the pull's status when it starts.
  await addPullJob({ pullId });
}

/** Checks the file exists on the Hub, records the pull and queues it. */
export async function startPull(input: { repo: string; file: string }) {
  const hubFile = await findHubFile(input.repo, input.file);
  const pull = await createPull({ repo: input.repo, file: input.file, totalBytes: hubFile.sizeBytes, sha256: hubFile.sha256 });
  await enqueue(pull.id);
  return pull;
}

export async function cancelPull(id: string): Promise<void> {
  const pull = await getPull(id);
  if (!pull) throw new AppError("not_found", "pullNotFound");
  if (pull.status !== "queued" && pull.status !== "downloading") throw new AppError("conflict", "pullNotRunning");
  await setPullStatus(id, "cancelled");
  // The worker polls this flag while downloading; a queued job sees the status when it starts.
  await getRedis().set(modelKeys.pullCancel(id), "1", "EX", 3600);
}

export async function resumePull(id: string): Promise<void> {
  const pull = await getPull(id);
  if (!pull) throw new AppError("not_found", "pullNotFound");
  if (pull.status !== "cancelled" && pull.status !== "failed") throw new AppError("conflict", "pullNotStopped");
  await setPullStatus(id, "queued");
  await enqueue(id);
}
