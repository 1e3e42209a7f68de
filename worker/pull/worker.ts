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
  process.on("unhandledRejection", survivePullDiskFull);
  // Pulls discarded while this worker was down (another worker may have taken the cleanup job).
  void removeForgottenPartials(env.modelsDir, knownPullIds).catch((error) =>
    getLogger().warn({ error: (error as Error).message }, "could not clean up discarded downloads"),
  );
  return worker;
}

/**
 * ipull (inside node-llama-cpp's downloader) leaves a failed file write's promise unhandled as well as
 * rejecting the download with it. A full disk must fail that one pull (the processor says so and deletes
 * the partial file), not kill the worker and every answer it serves; anything else still crashes as before.
 */
function survivePullDiskFull(reason: unknown): void {
  const error = reason as { code?: unknown; syscall?: unknown } | null;
  if (error?.code === "ENOSPC" && error.syscall === "write") {
    getLogger().warn("a pull's write failed: the disk is full");
    return;
  }
  throw reason;
}
