// What every BullMQ queue and worker in Hearth shares, so the generation and pull queues cannot drift apart:
// a Redis connection of its own under the install's key prefix, one producer handle per process, and how a
// killed worker's job is taken over.
import type { Queue } from "bullmq";
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
