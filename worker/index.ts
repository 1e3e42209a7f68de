// The inference worker: takes generation jobs from BullMQ and runs them on node-llama-cpp.
import { disconnectDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { announcePositions } from "@/lib/generations/positions";
import { createGenerationWorker, openGenerationQueue } from "@/lib/generations/queue";
import { recoverGenerations } from "@/lib/generations/recovery";
import { createRedis } from "@/lib/redis";
import { StopRegistry } from "./control";
import { startLlama } from "./engine/llama";
import { ModelHost } from "./engine/model-host";
import { ModelCache } from "./model-cache";
import { createProcessor } from "./processor";

/** How often unfinished generations are checked against the queue (e.g. after Redis lost its data). */
const RECOVERY_INTERVAL_MS = 15_000;

async function main(): Promise<void> {
  const env = getEnv();
  const llama = await startLlama(env);
  console.log(
    `[worker] llama.cpp ready: gpu=${llama.gpu || "none"} threads=${env.HEARTH_WORKER_THREADS} sequences=${env.HEARTH_WORKER_SEQUENCES}`,
  );

  const redis = createRedis("worker-commands");
  const subscriber = createRedis("worker-control", { subscriber: true });
  const stops = new StopRegistry(redis);
  await stops.listen(subscriber);
  const host = new ModelHost(llama, {
    modelsDir: env.modelsDir,
    sequences: env.HEARTH_WORKER_SEQUENCES,
    contextSize: env.HEARTH_CONTEXT_SIZE,
    threads: env.HEARTH_WORKER_THREADS,
  });

  const worker = createGenerationWorker(
    createProcessor({ host, models: new ModelCache(), stops, redis, maxOutputTokens: env.HEARTH_MAX_OUTPUT_TOKENS }),
    { concurrency: env.HEARTH_WORKER_SEQUENCES, lockMs: env.HEARTH_JOB_LOCK_MS },
  );
  worker.on("failed", (job, error) => console.warn(`[worker] job ${job?.id} failed: ${error.message}`));
  worker.on("error", (error) => console.error(`[worker] ${error.message}`));

  // The line moves whenever a job starts or ends: tell everyone still waiting where they stand.
  const queue = openGenerationQueue("worker-queue-reader");
  let announcing: NodeJS.Timeout | null = null;
  const lineMoved = () => {
    if (announcing) return;
    announcing = setTimeout(() => {
      announcing = null;
      announcePositions(queue, redis, env.HEARTH_WORKER_SEQUENCES).catch((e) => console.warn(`[worker] positions: ${e.message}`));
    }, 50);
  };
  worker.on("active", lineMoved);
  worker.on("completed", lineMoved);
  worker.on("failed", lineMoved);

  const recover = () =>
    recoverGenerations(queue)
      .then(({ requeued, failed }) => {
        if (requeued || failed) console.log(`[worker] recovery: ${requeued} requeued, ${failed} marked failed`);
      })
      .catch((e) => console.warn(`[worker] recovery: ${e.message}`));
  await recover();
  const recovery = setInterval(recover, RECOVERY_INTERVAL_MS);

  await worker.waitUntilReady();
  console.log("[worker] waiting for generations");

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`[worker] ${signal}: finishing in-flight generations`);
    clearInterval(recovery);
    // Let in-flight answers finish; past the grace period they are handed back to the queue and
    // another (or the restarted) worker generates them again.
    const grace = setTimeout(() => stops.abortAllForShutdown(), env.HEARTH_SHUTDOWN_GRACE_MS);
    await worker.close();
    clearTimeout(grace);
    await host.unload();
    await llama.dispose();
    await Promise.allSettled([queue.close(), redis.quit(), subscriber.quit(), disconnectDb()]);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error) => {
  console.error(`[worker] fatal: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
