// Slows password guessing: after too many failed sign-ins for one email, that email is locked for a while.
import "server-only";
import { getEnv } from "../env";
import { getRedis } from "../redis";

export const MAX_FAILED_SIGN_INS = 10;
export const LOCK_SECONDS = 15 * 60;

const failures = (email: string) => `${getEnv().HEARTH_REDIS_PREFIX}:sign-in-failures:${email}`;

export async function isLockedOut(email: string): Promise<boolean> {
  return Number(await getRedis().get(failures(email))) >= MAX_FAILED_SIGN_INS;
}

export async function recordFailedSignIn(email: string): Promise<void> {
  const redis = getRedis();
  const [count] = await Promise.all([redis.incr(failures(email)), redis.expire(failures(email), LOCK_SECONDS)]);
  if (count === MAX_FAILED_SIGN_INS) console.warn(`[auth] too many failed sign-ins for ${email}: locked for ${LOCK_SECONDS / 60} min`);
}

export async function clearFailedSignIns(email: string): Promise<void> {
  await getRedis().del(failures(email));
}
