// Slows password guessing without letting a guesser lock the real person out. Every attempt is counted
// before its password is checked, so simultaneous guesses cannot slip past the limit, and a successful
// sign-in gives its point back. Three budgets, all with short windows (they slow down, they never lock):
// - one account from one address: a guesser is slowed on his own address only;
// - one address, any account: one machine cannot try many accounts;
// - one account, any address: larger than the per-address budget, so a guesser on one address can never
//   use it up. A guesser with many addresses can, so it does not apply where the account has signed in
//   successfully before (kept KNOWN_ADDRESS_DAYS): the owner at home is never held back by strangers.
// Addresses come from lib/http/client-address.ts: the TCP peer, or a trusted proxy's word, never the client's.
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

const KNOWN_ADDRESS_DAYS = 90;

const knownKey = (email: string, address: string) => `${getEnv().HEARTH_REDIS_PREFIX}:signin:known:${email}|${address}`;

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
  if (await getRedis().exists(knownKey(email, address))) return;
  await consume([["account", email]]);
}

/** A successful sign-in gives back its points, clears its own address's count and remembers the address. */
export async function signInSucceeded(email: string, address: string): Promise<void> {
  await Promise.all([
    limiter("accountAddress").delete(`${email}|${address}`),
    limiter("account").reward(email, 1),
    limiter("address").reward(address, 1),
    address === "unknown" ? null : getRedis().set(knownKey(email, address), "1", "EX", KNOWN_ADDRESS_DAYS * 24 * 3600),
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

/** The keys (prefix cut off) of one limiter whose budget is spent now; for the admin page, which has few. */
async function spentKeys(name: LimiterName): Promise<{ key: string; failures: number; secondsLeft: number }[]> {
  const prefix = `${getEnv().HEARTH_REDIS_PREFIX}:limit:${name}:`;
  const redis = getRedis();
  const spent = [];
  let cursor = "0";
  do {
    const [next, found] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
    cursor = next;
    for (const full of found) {
      const key = full.slice(prefix.length);
      const res = await limiter(name).get(key);
      if (res && res.consumedPoints >= limiters[name].points) {
        spent.push({ key, failures: res.consumedPoints, secondsLeft: Math.ceil(res.msBeforeNext / 1000) });
      }
    }
  } while (cursor !== "0");
  return spent;
}

/**
 * Everyone held back right now, from anywhere (the account's own budget) or from one address (the person
 * beside a guesser on the same network is told to wait too): the admin sees them all and can unlock them.
 */
export async function listLockedEmails(): Promise<LockedAccount[]> {
  const byEmail = new Map<string, LockedAccount>();
  const add = (email: string, failures: number, secondsLeft: number) => {
    const seen = byEmail.get(email);
    byEmail.set(email, {
      email,
      failures: Math.max(failures, seen?.failures ?? 0),
      secondsLeft: Math.max(secondsLeft, seen?.secondsLeft ?? 0),
    });
  };
  for (const lock of await spentKeys("account")) add(lock.key, lock.failures, lock.secondsLeft);
  for (const hold of await spentKeys("accountAddress")) add(hold.key.slice(0, hold.key.lastIndexOf("|")), hold.failures, hold.secondsLeft);
  return [...byEmail.values()].sort((a, b) => a.email.localeCompare(b.email));
}
