// One member's sends and answer starts, one at a time: the checks of their limits and the rows those limits
// count are written under the same lock, so parallel requests cannot all pass a check before any of them
// writes (40 sends at once used to get 40 answers past a cap of 10).
import "server-only";
import { getDb } from "../db";
import type { Prisma } from "../generated/prisma/client";

/** A query runner: the client itself, or the transaction a member's lock is held in. */
export type Db = Prisma.TransactionClient;

/**
 * Runs `work` in a transaction holding the member's advisory lock (released at commit or rollback). Every query
 * that a limit counts must run on `db`: other connections from the pool may all be taken by requests waiting for
 * this very lock.
 */
export async function inMemberLock<T>(userId: string, work: (db: Db) => Promise<T>): Promise<T> {
  return getDb().$transaction(
    async (db) => {
      await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`hearth:member:${userId}`}, 0))`;
      return work(db);
    },
    // A burst of one member's requests waits its turn: each holds the lock for a few milliseconds.
    { maxWait: 10_000, timeout: 10_000 },
  );
}
