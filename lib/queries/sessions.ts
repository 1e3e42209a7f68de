// Signed-in browsers. A session cookie is valid only while its row exists and its account is active.
import { getDb } from "../db";
import { type PublicUser, publicFields } from "./users";

export type SessionView = { id: string; userAgent: string; createdAt: Date; lastSeenAt: Date };

/** How stale lastSeenAt may get before a request refreshes it (saves a write per request). */
const SEEN_GRANULARITY_MS = 60_000;

export async function createSession(userId: string, userAgent: string): Promise<string> {
  const row = await getDb().userSession.create({ data: { userId, userAgent: userAgent.slice(0, 300) }, select: { id: true } });
  return row.id;
}

/** The account behind a session, in one query: null when the session was ended, its version is stale or the account is not active. */
export async function sessionUser(userId: string, sessionId: string, sessionVersion: number): Promise<PublicUser | null> {
  const db = getDb();
  const user = await db.user.findFirst({
    // The version check ends every session at once ("end all sessions", bumpSessionVersion); the row check one.
    where: { id: userId, status: "active", sessionVersion, sessions: { some: { id: sessionId } } },
    select: publicFields,
  });
  if (user) {
    void db.userSession
      .updateMany({
        where: { id: sessionId, lastSeenAt: { lt: new Date(Date.now() - SEEN_GRANULARITY_MS) } },
        data: { lastSeenAt: new Date() },
      })
      .catch(() => {});
  }
  return user;
}

export async function listSessions(userId: string): Promise<SessionView[]> {
  return getDb().userSession.findMany({
    where: { userId },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, userAgent: true, createdAt: true, lastSeenAt: true },
  });
}

/** False when the session is not the user's (or already ended). */
export async function endSession(userId: string, sessionId: string): Promise<boolean> {
  const { count } = await getDb().userSession.deleteMany({ where: { id: sessionId, userId } });
  return count > 0;
}

/** Ends every session of the user except `keep` (none when omitted). */
export async function endSessions(userId: string, keep?: string): Promise<number> {
  const { count } = await getDb().userSession.deleteMany({ where: { userId, ...(keep ? { id: { not: keep } } : {}) } });
  return count;
}
