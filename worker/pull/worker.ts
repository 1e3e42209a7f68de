// The consumer of the pull queue in this worker process.
import type { Worker } from "bullmq";
import type { Env } from "@/lib/env";
import { createPullWorker, type PullJob } from "@/lib/models/pull/queue";
import { knownPullIds } from "@/lib/queries/pulls";
import { createRedis } from "@/lib/redis";
import { removeForgottenPartials } from "./files";
import { createPullProcessor } from "./processor";

export function startPullWorker(env: Env): Worker<PullJob, string> {
  const redis = createRedis("worker-pull-commands");
  const worker = createPullWorker(createPullProcessor({ redis, modelsDir: env.modelsDir, minFreeDisk: env.HEARTH_MIN_FREE_DISK_BYTES }), {
    lockMs: env.HEARTH_JOB_LOCK_MS,
  });
  worker.on("failed", (job, error) => console.warn(`[worker] pull ${job?.id} failed: ${error.message}`));
  worker.on("error", (error) => console.error(`[worker] pull queue: ${error.message}`));
  worker.on("closed", () => void redis.quit().catch(() => {}));
  // Pulls discarded while this worker was down (another worker may have taken the cleanup job).
  void removeForgottenPartials(env.modelsDir, knownPullIds).catch((error) =>
    console.warn(`[worker] cleaning up discarded downloads: ${(error as Error).message}`),
  );
  return worker;
}
