// The inference worker: takes generation jobs from BullMQ and runs them on node-llama-cpp.
// Start-up is a sequence of named steps (below main); each returns what the later ones need.
import os from "node:os";
import type { Worker } from "bullmq";
import type { Llama, LlamaModel } from "node-llama-cpp";
import { disconnectDb } from "@/lib/db";
import { type Env, getEnv } from "@/lib/env";
import { announcePositions } from "@/lib/generations/positions";
import { createGenerationWorker, type GenerationJob, openGenerationQueue } from "@/lib/generations/queue";
import { recoverGenerations } from "@/lib/generations/recovery";
import { failureInEnglish } from "@/lib/i18n/failure-english";
import { checkInstallAt, EmptyDatabaseError } from "@/lib/install/marker";
import { getLogger, type Logger, setLogService } from "@/lib/log";
import { createWorkerMetrics, type WorkerMetrics } from "@/lib/metrics/worker";
import { pickModel } from "@/lib/queries/models";
import { createRedis } from "@/lib/redis";
import { createTitleWorker, openTitleQueue } from "@/lib/titles/queue";
import { servingSlots, workerKeys } from "@/lib/workers/status";
import { ChatActivity } from "./chat-first";
import { StopRegistry } from "./control";
import { startDocumentWorker } from "./documents/worker";
import { shareEngine, unloadEmbeddingModel } from "./embeddings/embedder";
import { startEmbeddingWorker } from "./embeddings/processor";
import { usableCores } from "./engine/cores";
import { startLlama } from "./engine/llama";
import { ModelHost, type ModelSpec } from "./engine/model-host";
import { backendOrder, type ProbeResult, probeBackends } from "./engine/probe";
import { chooseThreads, type ThreadTrial } from "./engine/threads";
import { ModelCache } from "./model-cache";
import { createProcessor, type FinishedGeneration } from "./processor";
import { startPullWorker } from "./pull/worker";
import { StatusReporter } from "./status";
import { createTitleProcessor, requestTitle } from "./titles";

/** How often unfinished answers are checked against the queue (e.g. after Redis lost its data). */
const RECOVERY_INTERVAL_MS = 15_000;
/** A measured thread count is trusted this long; then measured again (the machine may have changed). */
const THREADS_MEMORY_S = 30 * 24 * 3600;

type Redis = ReturnType<typeof createRedis>;
type Engine = { probe: ProbeResult; llama: Llama; cores: number; memoryBudget: number };

async function main(log: Logger): Promise<void> {
  const env = getEnv();
  await checkDatabase(env, log);
  const engine = await startEngine(env, log);
  const redis = createRedis("worker-commands");
  const subscriber = createRedis("worker-control", { subscriber: true });
  const stops = new StopRegistry(redis);
  await stops.listen(subscriber);
  const metrics = createWorkerMetrics();
  // A model loaded with `auto` sequences resizes the generation worker, which exists only later.
  let resize: (sequences: number, filePath: string) => void = () => {};
  const { host, status } = await startModelHost({ env, engine, redis, metrics, log, onLoaded: (s, f) => resize(s, f) });
  const queue = openGenerationQueue("worker-queue-reader");
  const lineMoved = lineMover({ queue, redis, log });
  const titles = startTitleWorker({ env, host, generations: queue, log });
  const chat = new ChatActivity();
  const worker = startGenerationWorker({ env, host, stops, chat, redis, metrics, status, log, lineMoved, onAnswered: titles.request });
  resize = (sequences, filePath) => {
    if (env.HEARTH_WORKER_SEQUENCES !== "auto" || status.sequences === sequences) return;
    worker.concurrency = sequences;
    status.sequences = sequences;
    void status.report();
    log.info({ model: filePath, sequences }, `sequences for ${filePath}: ${sequences}`);
  };
  announceLineMoves(worker, lineMoved);
  const recovery = await startRecovery(queue, log);
  const pulls = startPullWorker(env);
  shareEngine({ llama: engine.llama, budget: host });
  const embeddings = startEmbeddingWorker(env);
  const documents = startDocumentWorker(env, chat);

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
    // A title in flight goes back to its queue at once: it is worth no answer's grace period.
    // A download in flight is not waited for: its partial file stays and the next worker resumes it.
    // A file being read is read again from the start by the next worker (nothing half-indexed is stored).
    await Promise.all([worker.close(), titles.close(), pulls.close(true), embeddings.close(), documents.close(true)]);
    clearTimeout(grace);
    await status.stop();
    await host.unload();
    await unloadEmbeddingModel();
    await engine.llama.dispose();
    await Promise.allSettled([queue.close(), redis.quit(), subscriber.quit(), disconnectDb()]);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

/** An empty database where this install had data is fatal; an unreachable one is retried later. */
async function checkDatabase(env: Env, log: Logger): Promise<void> {
  await checkInstallAt(env.DATABASE_URL, env.dataDir, (line) => log.info(line)).catch((error: Error) => {
    if (error instanceof EmptyDatabaseError) throw error;
    log.warn({ error: error.message }, "could not check the database");
  });
}

/** Tries the backends (best first), starts llama.cpp on the one that works and sets the memory budget. */
async function startEngine(env: Env, log: Logger): Promise<Engine> {
  const probe = await probeBackends({
    order: backendOrder(env.HEARTH_GPU),
    timeoutMs: env.HEARTH_PROBE_TIMEOUT_MS,
    faults: env.HEARTH_PROBE_FAULT,
  });
  for (const refused of probe.refused) {
    const reason = failureInEnglish(refused.reason);
    log.warn({ backend: refused.backend, reason, ms: refused.ms }, `backend ${refused.backend} refused: ${reason}`);
  }
  const cores = usableCores();
  const threads = env.HEARTH_WORKER_THREADS;
  const llama = await startLlama({
    backend: probe.chosen.backend,
    maxThreads: threads === "auto" ? cores : threads,
    debug: env.HEARTH_DEBUG_ENGINE,
    log,
  });
  const free = llama.gpu ? (await llama.getVramState()).free : (await llama.getRamState()).free;
  return { probe, llama, cores, memoryBudget: env.HEARTH_MODEL_MEMORY_BYTES || Math.floor(free * 0.8) };
}

/** The models this worker holds loaded, and the presence record that tells the rest of Hearth about them. */
async function startModelHost(o: {
  env: Env;
  engine: Engine;
  redis: Redis;
  metrics: WorkerMetrics;
  log: Logger;
  onLoaded: (sequences: number, filePath: string) => void;
}): Promise<{ host: ModelHost; status: StatusReporter }> {
  const { env, engine, redis, log } = o;
  const threads = env.HEARTH_WORKER_THREADS;
  const trials = new Map<string, ThreadTrial[]>();
  const host = new ModelHost(engine.llama, {
    memoryBudget: engine.memoryBudget,
    modelsDir: env.modelsDir,
    sequences: env.HEARTH_WORKER_SEQUENCES,
    contextSize: env.HEARTH_CONTEXT_SIZE,
    threads: threads === "auto" ? (model, spec) => autoThreads({ model, spec, cores: engine.cores, redis, trials, log }) : threads,
    onLoaded: ({ filePath, sequences }) => o.onLoaded(sequences, filePath),
  });
  const sequences = await startingSequences(host, env.HEARTH_WORKER_SEQUENCES, log);
  const status = new StatusReporter({
    redis,
    llama: engine.llama,
    modelsDir: env.modelsDir,
    log,
    probe: engine.probe,
    threadsSetting: threads,
    cores: engine.cores,
    metrics: o.metrics,
    trials,
    sequencesSetting: env.HEARTH_WORKER_SEQUENCES,
    sequences,
  });
  const { backend, device } = engine.probe.chosen;
  log.info(
    {
      backend,
      device,
      refused: engine.probe.refused.map((r) => r.backend),
      threads,
      cores: engine.cores,
      sequences,
      sequencesSetting: env.HEARTH_WORKER_SEQUENCES,
    },
    `llama.cpp ready: backend=${backend} device=${device} threads=${threads} sequences=${sequences} (${env.HEARTH_WORKER_SEQUENCES})`,
  );
  status.start(host);
  return { host, status };
}

/** The BullMQ consumer of generation jobs; each start and end is counted, logged and reported. */
function startGenerationWorker(o: {
  env: Env;
  host: ModelHost;
  stops: StopRegistry;
  chat: ChatActivity;
  redis: Redis;
  metrics: WorkerMetrics;
  status: StatusReporter;
  log: Logger;
  lineMoved: () => void;
  onAnswered: (job: GenerationJob) => void;
}): Worker<GenerationJob> {
  const { env, metrics, status, log } = o;
  const worker = createGenerationWorker(
    createProcessor({
      host: o.host,
      models: new ModelCache(),
      stops: o.stops,
      chat: o.chat,
      redis: o.redis,
      maxOutputTokens: env.HEARTH_MAX_OUTPUT_TOKENS,
      onFinished: (generation) => recordFinished(generation, metrics, log),
      onAnswered: o.onAnswered,
      modelsDir: env.modelsDir,
      lineMoved: o.lineMoved,
    }),
    { concurrency: status.sequences, lockMs: env.HEARTH_JOB_LOCK_MS },
  );
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
  return worker;
}

/**
 * Generated titles: asked for when an answer is done (`request`), made by their own low-priority consumer.
 * `close` hands a title in flight back to its queue at once: it is worth no answer's grace period.
 */
function startTitleWorker(o: { env: Env; host: ModelHost; generations: ReturnType<typeof openGenerationQueue>; log: Logger }) {
  const { log } = o;
  const queue = openTitleQueue("worker-title-producer");
  const stopping = new AbortController();
  const processor = createTitleProcessor({
    host: o.host,
    models: new ModelCache(),
    generations: o.generations,
    stopping: stopping.signal,
    log,
  });
  const worker = createTitleWorker(processor, { lockMs: o.env.HEARTH_JOB_LOCK_MS });
  worker.on("completed", (job, result) => log.info({ conversationId: job.data.conversationId, result }, `title: ${result}`));
  worker.on("error", (error) => log.error({ error: error.message }, "title queue error"));
  return {
    request: (job: GenerationJob) =>
      void requestTitle(queue, job.conversationId).catch((e: Error) =>
        log.warn({ conversationId: job.conversationId, error: e.message }, "title not requested"),
      ),
    close: async () => {
      stopping.abort();
      await worker.close();
      await queue.close();
    },
  };
}

/** The line moves whenever a job starts, waits for a slot or ends: tell everyone still waiting where they stand. */
function lineMover(o: { queue: ReturnType<typeof openGenerationQueue>; redis: Redis; log: Logger }): () => void {
  let announcing: NodeJS.Timeout | null = null;
  return () => {
    if (announcing) return;
    announcing = setTimeout(() => {
      announcing = null;
      servingSlots(o.redis)
        .then((slots) => announcePositions(o.queue, o.redis, slots))
        .catch((e) => o.log.warn({ error: e.message }, "positions"));
    }, 50);
  };
}

function announceLineMoves(worker: Worker<GenerationJob>, lineMoved: () => void) {
  worker.on("active", lineMoved);
  worker.on("completed", lineMoved);
  worker.on("failed", lineMoved);
}

/** Checks unfinished answers against the queue now and then every interval; returns the interval. */
async function startRecovery(queue: ReturnType<typeof openGenerationQueue>, log: Logger): Promise<NodeJS.Timeout> {
  const recover = () =>
    recoverGenerations(queue)
      .then(({ requeued, failed }) => {
        if (requeued || failed) log.info({ requeued, failed }, `recovery: ${requeued} requeued, ${failed} marked failed`);
      })
      .catch((e) => log.warn({ error: e.message }, "recovery"));
  await recover();
  return setInterval(recover, RECOVERY_INTERVAL_MS);
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

setLogService("worker");
const log = getLogger();
main(log).catch((error) => {
  // An empty database's message says what to do (restore, or start over): it is the record's whole message.
  if (error instanceof EmptyDatabaseError) log.fatal(error.message);
  else log.fatal({ error: error instanceof Error ? error.message : String(error) }, "worker stopped");
  process.exit(1);
});
