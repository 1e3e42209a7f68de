// Riding out a short database outage (a PostgreSQL restart, a failover): the worker waits for the database
// to answer again instead of throwing away an answer it generated, or burning a job's attempts on a claim.
import { getLogger } from "./log";

/** Errors that mean "the database is not there right now", not "this query is wrong". */
const UNAVAILABLE =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|terminating connection|Connection terminated|connection (is )?closed|server closed the connection|database system is (starting up|shutting down|in recovery mode)|Can't reach database|Timed out fetching a new connection|57P0[123]|P1001|P1002|P1017/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const { message, code, cause } = e as { message?: unknown; code?: unknown; cause?: unknown };
    if (UNAVAILABLE.test(`${String(message ?? "")} ${String(code ?? "")}`)) return true;
    e = cause;
  }
  return false;
}

/**
 * Runs `fn`; while it fails because the database is unavailable, tries again (backing off up to 2 s) until
 * `maxWaitMs` has passed. Any other error, or the last one past the deadline, is thrown.
 */
export async function retryWhileDatabaseUnavailable<T>(
  fn: () => Promise<T>,
  options: { maxWaitMs?: number; onWait?: (error: Error) => void } = {},
): Promise<T> {
  const deadline = Date.now() + (options.maxWaitMs ?? 60_000);
  let delay = 100;
  let warned = false;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + delay > deadline) throw error;
      if (!warned) options.onWait?.(error as Error);
      warned = true;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 2000);
    }
  }
}

export function warnWaitingForDatabase(error: Error): void {
  getLogger().warn({ error: error.message }, "database unavailable, waiting for it");
}
