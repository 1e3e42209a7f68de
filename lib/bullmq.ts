// What every BullMQ queue and worker in Hearth shares, so the generation and pull queues cannot drift apart:
// a Redis connection of its own under the install's key prefix, one producer handle per process, and how a
// killed worker's job is taken over.
import { type DefaultJobOptions, type Processor, type Queue, Worker } from "bullmq";
import { getEnv } from "./env";
import { createRedis } from "./redis";

/** BullMQ blocks on its connection, so each queue or worker gets its own, named for Redis' CLIENT LIST. */
export function queueConnection(connectionName: string) {
  return { connection: createRedis(connectionName), prefix: getEnv().HEARTH_REDIS_PREFIX };
}

/** One handle per process, kept on globalThis so Next's dev reloads and route bundles share it. */
export function processQueue<Q extends Queue>(key: string, open: () => Q): Q {
  const store = globalThis as unknown as Record<string, Q | undefined>;
  store[key] ??= open();
  return store[key];
}

/** A killed worker's job is taken over after about one lock period (not BullMQ's default 30 s), `attempts` times at most. */
export function takeOverAfter(lockMs: number, attempts: number) {
  return { lockDuration: lockMs, stalledInterval: Math.max(1000, Math.floor(lockMs / 2)), maxStalledCount: attempts };
}

/**
 * Default options for the jobs of a queue whose work keeps its state in PostgreSQL (a pull, a document): retried
 * with a growing pause, and gone from Redis once finished, so the same job id can be queued again.
 */
export function stateInDatabaseJobs(attempts: number): DefaultJobOptions {
  return { attempts, backoff: { type: "exponential", delay: 1000 }, removeOnComplete: true, removeOnFail: true };
}

/** A worker that takes one job of the queue at a time: background work that must not crowd out the answers. */
export function oneJobAtATime<Data, Result>(
  queueName: string,
  processor: Processor<Data, Result>,
  options: { connectionName: string; lockMs: number; attempts: number },
): Worker<Data, Result> {
  return new Worker<Data, Result>(queueName, processor, {
    ...queueConnection(options.connectionName),
    concurrency: 1,
    ...takeOverAfter(options.lockMs, options.attempts),
  });
}
