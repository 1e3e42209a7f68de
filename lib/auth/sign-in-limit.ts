// Slows password guessing without letting a guesser lock the real person out. Every attempt is counted
// before its password is checked, so simultaneous guesses cannot slip past the limit, and a successful
// sign-in gives its point back. Three budgets, all with short windows (they slow down, they never lock):
// - one account from one address: a guesser is slowed on his own address only;
// - one address, any account: one machine cannot try many accounts;
// - one account, any address: larger than the per-address budget, so a guesser on one address can never
//   use it up and the real person can still sign in from elsewhere.
import "server-only";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { getRedis } from "../redis";

const limiters = {
  accountAddress: { points: 5, duration: 60 },
  address: { points: 50, duration: 15 * 60 },
  account: { points: 20, duration: 60 },
  signUp: { points: 10, duration: 10 * 60 },
} as const;

type LimiterName = keyof typeof limiters;

const globalForLimits = globalThis as unknown as { hearthSignInLimiters?: Map<LimiterName, RateLimiterRedis> };

function limiter(name: LimiterName): RateLimiterRedis {
  globalForLimits.hearthSignInLimiters ??= new Map();
  let found = globalForLimits.hearthSignInLimiters.get(name);
  if (!found) {
    found = new RateLimiterRedis({
      storeClient: getRedis(),
      keyPrefix: `${getEnv().HEARTH_REDIS_PREFIX}:limit:${name}`,
      ...limiters[name],
    });
    globalForLimits.hearthSignInLimiters.set(name, found);
  }
  return found;
}

/**
 * The client's address: the last X-Forwarded-For entry, which is the one the nearest proxy (or Next.js
 * itself, from the socket) added. Behind no proxy a client can choose it; the per-account budget still holds.
 */
export function clientAddress(headers: Headers | Record<string, string | string[] | undefined> | undefined): string {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers?.["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : raw;
  return value?.split(",").at(-1)?.trim() || "unknown";
}

export class TooManyAttemptsError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super("rate_limited", "tooManySignIns", { seconds: retryAfterSeconds });
  }
}

async function consume(entries: [LimiterName, string][]): Promise<void> {
  const results = await Promise.allSettled(entries.map(([name, key]) => limiter(name).consume(key)));
  const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
  if (refused.length === 0) return;
  const unexpected = refused.find((r) => !(r instanceof RateLimiterRes));
  if (unexpected) throw unexpected;
  const waitMs = Math.max(...refused.map((r) => (r as RateLimiterRes).msBeforeNext));
  throw new TooManyAttemptsError(Math.max(1, Math.ceil(waitMs / 1000)));
}

/**
 * Counts a sign-in attempt; throws TooManyAttemptsError when a budget is spent. Call before checking the
 * password. The account's own budget is only touched once the address budgets allow the attempt, so a
 * guesser on one address can never spend it.
 */
export async function countSignInAttempt(email: string, address: string): Promise<void> {
  await consume([
    ["accountAddress", `${email}|${address}`],
    ["address", address],
  ]);
  await consume([["account", email]]);
}

/** A successful sign-in gives back its points and clears its own address's count for that account. */
export async function signInSucceeded(email: string, address: string): Promise<void> {
  await Promise.all([
    limiter("accountAddress").delete(`${email}|${address}`),
    limiter("account").reward(email, 1),
    limiter("address").reward(address, 1),
  ]);
}

/** Lifts every sign-in limit on an account (for an admin unlocking it). */
export async function clearSignInLimits(email: string): Promise<void> {
  await limiter("account").delete(email);
  const pattern = `${getEnv().HEARTH_REDIS_PREFIX}:limit:accountAddress:${email}|*`;
  const redis = getRedis();
  let cursor = "0";
  do {
    const [next, found] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 200);
    cursor = next;
    if (found.length) await redis.del(...found);
  } while (cursor !== "0");
}

/** Seconds until the account accepts sign-ins from anywhere again; 0 when it is not limited. */
export async function accountLimitedFor(email: string): Promise<number> {
  const res = await limiter("account").get(email);
  return res && res.consumedPoints >= limiters.account.points ? Math.ceil(res.msBeforeNext / 1000) : 0;
}

/** Counts a sign-up attempt from an address; call before any password hashing. */
export async function countSignUpAttempt(address: string): Promise<void> {
  try {
    await consume([["signUp", address]]);
  } catch (error) {
    if (error instanceof TooManyAttemptsError) {
      throw new AppError("rate_limited", "tooManySignUps", { seconds: error.retryAfterSeconds });
    }
    throw error;
  }
}

export type LockedAccount = { email: string; failures: number; secondsLeft: number };

/** Accounts whose own budget is spent right now (no sign-in from anywhere), for the admin page. */
export async function listLockedEmails(): Promise<LockedAccount[]> {
  const prefix = `${getEnv().HEARTH_REDIS_PREFIX}:limit:account:`;
  const redis = getRedis();
  const locked: LockedAccount[] = [];
  let cursor = "0";
  do {
    const [next, found] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
    cursor = next;
    for (const key of found) {
      const email = key.slice(prefix.length);
      const res = await limiter("account").get(email);
      if (res && res.consumedPoints >= limiters.account.points) {
        locked.push({ email, failures: res.consumedPoints, secondsLeft: Math.ceil(res.msBeforeNext / 1000) });
      }
    }
  } while (cursor !== "0");
  return locked.sort((a, b) => a.email.localeCompare(b.email));
}
