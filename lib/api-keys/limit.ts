// Slows key guessing the way lib/auth/sign-in-limit.ts slows password guessing: every attempt from an address
// is counted before its key is looked up (so simultaneous guesses cannot slip past), and a request with a
// valid key gives its point back, so a busy app on the family's network is never slowed by its own use.
import "server-only";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { getEnv } from "../env";
import { getRedis } from "../redis";

const BUDGET = { points: 20, duration: 60 } as const;

const globalForLimit = globalThis as unknown as { hearthApiKeyLimiter?: RateLimiterRedis };

function limiter(): RateLimiterRedis {
  globalForLimit.hearthApiKeyLimiter ??= new RateLimiterRedis({
    storeClient: getRedis(),
    keyPrefix: `${getEnv().HEARTH_REDIS_PREFIX}:limit:apiKey`,
    ...BUDGET,
  });
  return globalForLimit.hearthApiKeyLimiter;
}

/** Seconds to wait when the address has spent its budget; 0 when the attempt may go on. */
export async function countKeyAttempt(address: string): Promise<number> {
  try {
    await limiter().consume(address);
    return 0;
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}

export async function keyAttemptSucceeded(address: string): Promise<void> {
  await limiter().reward(address, 1);
}
