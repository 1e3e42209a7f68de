// How many of a user's answers are waiting in line: the basis of fair turns (see fairPriority).
import "server-only";
import type { Redis } from "ioredis";
import { generationKeys } from "./redis-keys";

const TTL_S = 24 * 3600;

/** Counts one more waiting answer; returns the new count. */
export async function addWaiting(redis: Redis, userId: string): Promise<number> {
  const [count] = await Promise.all([
    redis.incr(generationKeys.userWaiting(userId)),
    redis.expire(generationKeys.userWaiting(userId), TTL_S),
  ]);
  return count;
}

/** Counts one answer less (it started, or left the line); never below zero, even after Redis lost the count. */
export async function removeWaiting(redis: Redis, userId: string): Promise<void> {
  await redis.eval(
    "local v = redis.call('DECR', KEYS[1]) if v < 0 then redis.call('SET', KEYS[1], 0) end redis.call('EXPIRE', KEYS[1], ARGV[1]) return v",
    1,
    generationKeys.userWaiting(userId),
    TTL_S,
  );
}
