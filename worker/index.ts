// The inference worker: takes generation jobs from BullMQ and runs them on node-llama-cpp.
import os from "node:os";
import type { LlamaModel } from "node-llama-cpp";
import { disconnectDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { announcePositions } from "@/lib/generations/positions";
import { createGenerationWorker, openGenerationQueue } from "@/lib/generations/queue";
import { recoverGenerations } from "@/lib/generations/recovery";
import { checkInstallAt, EmptyDatabaseError } from "@/lib/install/marker";
import { getLogger, type Logger } from "@/lib/log";
import { createWorkerMetrics, type WorkerMetrics } from "@/lib/metrics/worker";
import { pickModel } from "@/lib/queries/models";
import { createRedis } from "@/lib/redis";
import { servingSlots, workerKeys } from "@/lib/workers/status";
import { StopRegistry } from "./control";
import { usableCores } from "./engine/cores";
import { startLlama } from "./engine/llama";
import { ModelHost, type ModelSpec } from "./engine/model-host";
import { backendOrder, probeBackends } from "./engine/probe";
import { chooseThreads, type ThreadTrial } from "./engine/threads";
import { ModelCache } from "./model-cache";
import { createProcessor, type FinishedGeneration } from "./processor";
import { startPullWorker } from "./pull/worker";
import { startReporting } from "./report";
import { StatusReporter } from "./status";

/** How often unfinished answers are checked against the queue (e.g. after Redis lost its data). */
const RECOVERY_INTERVAL_MS = 15_000;
/** A measured thread count is trusted this long; then measured again (the machine may have changed). */
const THREADS_MEMORY_S = 30 * 24 * 3600;

async function main(log: Logger): Promise<void> {
  const env = getEnv();
  // An empty database where this install had data is fatal (below); an unreachable one is retried later.
  await checkInstallAt(env.DATABASE_URL, env.dataDir).catch((error: Error) => {
    if (error instanceof EmptyDatabaseError) throw error;
    log.warn({ error: error.message }, "could not check the database");
  });
  const probe = await probeBackends({
    order: backendOrder(env.HEARTH_GPU),
    timeoutMs: env.HEARTH_PROBE_TIMEOUT_MS,
    faults: env.HEARTH_PROBE_FAULT,
  });
  for (const { backend, reason, ms } of probe.refused) log.warn({ backend, reason, ms }, `backend ${backend} refused: ${reason}`);
  const cores = usableCores();
  const threads = env.HEARTH_WORKER_THREADS;
  const llama = await startLlama({
    backend: probe.chosen.backend,
    maxThreads: threads === "auto" ? cores : threads,
    debug: env.HEARTH_DEBUG_ENGINE,
    log,
  });
  const free = llama.gpu ? (await llama.getVramState()).free : (await llama.getRamState()).free;
  const memoryBudget = env.HEARTH_MODEL_MEMORY_BYTES || Math.floor(free * 0.8);

  const redis = createRedis("worker-commands");
  const subscriber = createRedis("worker-control", { subscriber: true });
  const stops = new StopRegistry(redis);
  await stops.listen(subscriber);
  const metrics = createWorkerMetrics();
  const trials = new Map<string, ThreadTrial[]>();
  const host = new ModelHost(llama, {
    memoryBudget,
    modelsDir: env.modelsDir,
    sequences: env.HEARTH_WORKER_SEQUENCES,
    contextSize: env.HEARTH_CONTEXT_SIZE,
    threads: threads === "auto" ? (model, spec) => autoThreads({ model, spec, cores, redis, trials, log }) : threads,
    onLoaded: ({ filePath, sequences }) => serve(sequences, filePath),
  });
  const sequences = await startingSequences(host, env.HEARTH_WORKER_SEQUENCES, log);
  const status = new StatusReporter({
    redis,
    probe,
    threadsSetting: threads,
    cores,
    metrics,
    trials,
    sequencesSetting: env.HEARTH_WORKER_SEQUENCES,
    sequences,
  });
  log.info(
    {
      backend: probe.chosen.backend,
      device: probe.chosen.device,
      refused: probe.refused.map((r) => r.backend),
      threads,
      cores,
      sequences,
      sequencesSetting: env.HEARTH_WORKER_SEQUENCES,
    },
    `llama.cpp ready: backend=${probe.chosen.backend} device=${probe.chosen.device} threads=${threads} sequences=${sequences} (${env.HEARTH_WORKER_SEQUENCES})`,
  );
  status.start(host);

  // The line moves whenever a job starts or ends: tell everyone still waiting where they stand.
  const queue = openGenerationQueue("worker-queue-reader");
  let announcing: NodeJS.Timeout | null = null;
  const lineMoved = () => {
    if (announcing) return;
    announcing = setTimeout(() => {
      announcing = null;
      servingSlots(redis)
        .then((slots) => announcePositions(queue, redis, slots))
        .catch((e) => log.warn({ error: e.message }, "positions"));
    }, 50);
  };
  const worker = createGenerationWorker(
    createProcessor({
      host,
      models: new ModelCache(),
      stops,
      redis,
      maxOutputTokens: env.HEARTH_MAX_OUTPUT_TOKENS,
      onFinished: (generation) => recordFinished(generation, metrics, log),
      modelsDir: env.modelsDir,
      lineMoved,
    }),
    { concurrency: sequences, lockMs: env.HEARTH_JOB_LOCK_MS },
  );
  /** A model loaded with `auto` sequences sets how many jobs this worker takes at once. */
  function serve(count: number, filePath: string) {
    if (env.HEARTH_WORKER_SEQUENCES !== "auto" || status.sequences === count) return;
    worker.concurrency = count;
    status.sequences = count;
    void status.report();
    log.info({ model: filePath, sequences: count }, `sequences for ${filePath}: ${count}`);
  }
  worker.on("active", (job) => {
    const waitMs = (job.processedOn ?? Date.now()) - job.timestamp;
    if (job.attemptsMade === 0) metrics.waitSeconds.observe(waitMs / 1000);
    log.info({ generationId: job.data.generationId, attempt: job.attemptsMade + 1, waitMs }, "generation started");
    void status.report();
  });
  worker.on("completed", () => void status.report());
  worker.on("failed", (job, error) => {
    if (job) metrics.generations.inc({ status: "failed" });
    log.warn({ generationId: job?.data.generationId, error: error.message }, "generation failed");
    void status.report();
  });
  worker.on("error", (error) => log.error({ error: error.message }, "queue error"));

  worker.on("active", lineMoved);
  worker.on("completed", lineMoved);
  worker.on("failed", lineMoved);

  const recover = () =>
    recoverGenerations(queue)
      .then(({ requeued, failed }) => {
        if (requeued || failed) log.info({ requeued, failed }, `recovery: ${requeued} requeued, ${failed} marked failed`);
      })
      .catch((e) => log.warn({ error: e.message }, "recovery"));
  await recover();
  const recovery = setInterval(recover, RECOVERY_INTERVAL_MS);

  const pulls = startPullWorker(env);
  const stopReporting = startReporting(redis, {
    id: `${os.hostname()}-${process.pid}`,
    llama,
    modelsDir: env.modelsDir,
    loaded: () => host.loadedIds(),
  });

  await worker.waitUntilReady();
  log.info("waiting for generations");

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, "finishing in-flight generations");
    clearInterval(recovery);
    // Let in-flight answers finish; past the grace period they are handed back to the queue and
    // another (or the restarted) worker generates them again.
    const grace = setTimeout(() => stops.abortAllForShutdown(), env.HEARTH_SHUTDOWN_GRACE_MS);
    // A download in flight is not waited for: its partial file stays and the next worker resumes it.
    await Promise.all([worker.close(), pulls.close(true), stopReporting()]);
    clearTimeout(grace);
    await status.stop();
    await host.unload();
    await llama.dispose();
    await Promise.allSettled([queue.close(), redis.quit(), subscriber.quit(), disconnectDb()]);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

/** The sequences to start with: for `auto`, what the default model would get (one until a model exists). */
async function startingSequences(host: ModelHost, setting: number | "auto", log: Logger): Promise<number> {
  if (setting !== "auto") return setting;
  const model = await pickModel(null).catch(() => null);
  if (!model) return 1;
  const plan = await host.plan({ id: model.id, filePath: model.filePath, contextLength: model.contextLength }).catch((error: Error) => {
    log.warn({ model: model.filePath, error: error.message }, "could not size sequences for the default model");
    return null;
  });
  return plan?.sequences ?? 1;
}

/** Thread count `auto`: measured once per model file on this host, then remembered in Redis. */
async function autoThreads(o: {
  model: LlamaModel;
  spec: ModelSpec;
  cores: number;
  redis: ReturnType<typeof createRedis>;
  trials: Map<string, ThreadTrial[]>;
  log: Logger;
}): Promise<number> {
  const key = workerKeys.modelThreads(os.hostname(), `${o.spec.filePath}:${o.model.size}`);
  const remembered = await o.redis.get(key).catch(() => null);
  if (remembered) {
    const saved = JSON.parse(remembered) as { threads: number; trials: ThreadTrial[]; cores: number };
    if (saved.cores === o.cores) {
      o.trials.set(o.spec.filePath, saved.trials);
      return saved.threads;
    }
  }
  const choice = await chooseThreads(o.model, o.cores);
  o.trials.set(o.spec.filePath, choice.trials);
  await o.redis.set(key, JSON.stringify({ ...choice, cores: o.cores }), "EX", THREADS_MEMORY_S).catch(() => {});
  o.log.info(
    { model: o.spec.filePath, cores: o.cores, threads: choice.threads, trials: choice.trials },
    `threads for ${o.spec.filePath}: ${choice.threads}`,
  );
  return choice.threads;
}

function recordFinished(generation: FinishedGeneration, metrics: WorkerMetrics, log: Logger): void {
  const { generationId, status, outputTokens, tokensPerSec, firstTokenMs } = generation;
  metrics.generations.inc({ status });
  metrics.generatedTokens.inc(outputTokens);
  if (firstTokenMs !== null) metrics.firstTokenSeconds.observe(firstTokenMs / 1000);
  if (tokensPerSec !== null) metrics.tokensPerSecond.observe(tokensPerSec);
  log.info({ generationId, status, outputTokens, tokensPerSec, firstTokenMs }, "generation finished");
}

const log = getLogger("worker");
main(log).catch((error) => {
  // Said plainly, not as a log record: the person reading it has to act on it.
  if (error instanceof EmptyDatabaseError) console.error(error.message);
  else log.fatal({ error: error instanceof Error ? error.message : String(error) }, "worker stopped");
  process.exit(1);
});
