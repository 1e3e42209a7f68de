// Usage figures per member and day: counts only, never the text of anything. Days are server-time days;
// conversations deleted since are counted from UsageArchive, which deleting one fills.
import { getDb } from "../db";

export type UsageDay = { userId: string; day: string; messages: number; tokens: number; generationSeconds: number };

/** The server's time zone: days and children's hours are counted in it. */
export function serverTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** Midnight (server time) of the day `now` falls in. */
export function startOfDay(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

/** Midnight (server time) starting the window of the last `days` days, today included. */
export function windowStart(days: number, now = new Date()): Date {
  const since = startOfDay(now);
  since.setDate(since.getDate() - (days - 1));
  return since;
}

/** A server-time calendar day as YYYY-MM-DD. */
export function localDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}

/**
 * Per member and day, from the messages matching `where` (aliases m and c; $1 is the time zone): messages sent,
 * tokens (prompt + answer) and generation time in ms, the worker's own measure (time to first token plus the
 * answer's tokens at its measured rate). Columns: "userId", day, messages, tokens, ms.
 * Plain SQL text, not nested Prisma.sql fragments: in the Next.js bundle a fragment from another copy of the
 * client is sent as a parameter.
 */
export function messageUsageSql(where: string): string {
  return `
    SELECT c."userId", ((m."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE $1)::date AS day,
           count(*) FILTER (WHERE m.role = 'user')::int AS messages,
           COALESCE(sum(COALESCE(m."promptTokens", 0) + COALESCE(m."outputTokens", 0)) FILTER (WHERE m.role = 'assistant'), 0)::bigint AS tokens,
           COALESCE(sum(COALESCE(m."firstTokenMs", 0) + CASE WHEN m."tokensPerSec" > 0 AND m."outputTokens" > 1
                        THEN (m."outputTokens" - 1) / m."tokensPerSec" * 1000 ELSE 0 END) FILTER (WHERE m.role = 'assistant'), 0)::float8 AS ms
    FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId"
    WHERE ${where}
    GROUP BY 1, 2`;
}

/** Live and archived usage since $2 (a timestamp) / $3 (its day), optionally for one member ($4). */
function usageSinceSql(forOneUser: boolean): string {
  return `
    SELECT "userId", day, sum(messages)::bigint AS messages, sum(tokens)::bigint AS tokens, sum(ms)::float8 AS ms FROM (
      ${messageUsageSql(`m."createdAt" >= $2${forOneUser ? ' AND c."userId" = $4' : ""}`)}
      UNION ALL
      SELECT "userId", day, messages, tokens, "generationMs" FROM "UsageArchive"
      WHERE day >= $3::date${forOneUser ? ' AND "userId" = $4' : ""}
    ) u
    GROUP BY 1, 2`;
}

export async function usageByDay(since: Date): Promise<UsageDay[]> {
  const rows = await getDb().$queryRawUnsafe<{ userId: string; day: string; messages: bigint; tokens: bigint; ms: number }[]>(
    `SELECT "userId", to_char(day, 'YYYY-MM-DD') AS day, messages, tokens, ms FROM (${usageSinceSql(false)}) s ORDER BY 2, 1`,
    serverTimeZone(),
    since,
    localDay(since),
  );
  return rows.map((r) => ({
    userId: r.userId,
    day: r.day,
    messages: Number(r.messages),
    tokens: Number(r.tokens),
    generationSeconds: Math.round(r.ms / 100) / 10,
  }));
}

/** Tokens (prompt + answer) a member's answers used since `since` (a server-time midnight). */
export async function tokensUsedSince(userId: string, since: Date): Promise<number> {
  const [row] = await getDb().$queryRawUnsafe<{ tokens: bigint | null }[]>(
    `SELECT sum(tokens)::bigint AS tokens FROM (${usageSinceSql(true)}) s`,
    serverTimeZone(),
    since,
    localDay(since),
    userId,
  );
  return Number(row?.tokens ?? 0);
}
