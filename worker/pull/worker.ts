// The consumer of the pull queue in this worker process.

import type { Worker } from "bullmq";
import type { Env } from "@/lib/env";
import { getLogger } from "@/lib/log";
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
  worker.on("failed", (job, error) => getLogger().warn({ pullId: job?.id, error: error.message }, "pull failed"));
  worker.on("error", (error) => getLogger().error({ error: error.message }, "pull queue error"));
  worker.on("closed", () => void redis.quit().catch(() => {}));
  // Pulls discarded while this worker was down (another worker may have taken the cleanup job).
  void removeForgottenPartials(env.modelsDir, knownPullIds).catch((error) =>
    getLogger().warn({ error: (error as Error).message }, "could not clean up discarded downloads"),
  );
  return worker;
}
