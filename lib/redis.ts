// Redis connections. Key names live with the feature that owns them (e.g. lib/generations/protocol.ts).
import "server-only";
import { Redis } from "ioredis";
import { getEnv } from "./env";
import { getLogger } from "./log";

export function createRedis(name: string, options: { subscriber?: boolean } = {}): Redis {
  const redis = new Redis(getEnv().REDIS_URL, {
    // BullMQ needs maxRetriesPerRequest: null; with it, commands wait through a Redis restart instead of failing.
    maxRetriesPerRequest: null,
    connectionName: `hearth:${name}`,
    // The ready check (INFO) fails on a reconnecting connection that is in subscriber mode.
    enableReadyCheck: !options.subscriber,
  });
  // ioredis reconnects by itself; without a listener each failed attempt is an "unhandled error".
  let lastLogged = 0;
  redis.on("error", (error: Error) => {
    if (Date.now() - lastLogged < 5000) return;
    lastLogged = Date.now();
    getLogger().warn({ connection: name, error: error.message }, "redis connection failed, reconnecting");
  });
  return redis;
}

const globalForRedis = globalThis as unknown as { hearthRedis?: Redis };

/** The shared command connection of this process (not for subscriptions or blocking reads). */
export function getRedis(): Redis {
  globalForRedis.hearthRedis ??= createRedis("commands");
  return globalForRedis.hearthRedis;
}
