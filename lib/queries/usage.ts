// Usage figures per member and day: counts only, never the text of anything. Days are server-time days.
// Tokens come from TokenUse (per attempt, kept when a conversation is deleted); the messages of deleted
// conversations are counted from UsageArchive, which deleting one fills.
import { getDb } from "../db";
import type { Db } from "./member-lock";

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
 * Messages sent per member and day, from the messages matching `where` (aliases m and c; $1 is the time zone).
 * Columns: "userId", day, messages. Plain SQL text, not nested Prisma.sql fragments: in the Next.js bundle a
 * fragment from another copy of the client is sent as a parameter.
 */
export function messageUsageSql(where: string): string {
  return `
    SELECT c."userId", ((m."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE $1)::date AS day, count(*)::int AS messages
    FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId"
    WHERE m.role = 'user' AND ${where}
    GROUP BY 1, 2`;
}

/**
 * Live messages, the tokens and generation time of every attempt (TokenUse, which outlives its conversation:
 * see prisma/schema.prisma) and the archive of deleted conversations, since $2 (a timestamp) / $3 (its day),
 * optionally for one member ($4). Archived tokens are those of conversations deleted before TokenUse existed.
 */
function usageSinceSql(forOneUser: boolean): string {
  return `
    SELECT "userId", day, sum(messages)::bigint AS messages, sum(tokens)::bigint AS tokens, sum(ms)::float8 AS ms FROM (
      SELECT "userId", day, messages, 0::bigint AS tokens, 0::float8 AS ms FROM (
        ${messageUsageSql(`m."createdAt" >= $2${forOneUser ? ' AND c."userId" = $4' : ""}`)}
      ) live
      UNION ALL
      SELECT "userId", (("startedAt" AT TIME ZONE 'UTC') AT TIME ZONE $1)::date, 0,
             ("promptTokens" + "outputTokens")::bigint, "generationMs"
      FROM "TokenUse" WHERE "startedAt" >= $2${forOneUser ? ' AND "userId" = $4' : ""}
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

/**
 * Tokens (prompt + answer) a member's answers used since `since` (a server-time midnight), answers still being
 * written counted at their reservation. `db`: the member's lock (lib/queries/member-lock.ts) when the count
 * decides whether to write.
 */
export async function tokensUsedSince(userId: string, since: Date, db: Db = getDb()): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ tokens: bigint | null }[]>(
    `SELECT (SELECT COALESCE(sum("promptTokens" + "outputTokens"), 0) FROM "TokenUse" WHERE "userId" = $1 AND "startedAt" >= $2)
          + (SELECT COALESCE(sum(tokens), 0) FROM "UsageArchive" WHERE "userId" = $1 AND day >= $3::date) AS tokens`,
    userId,
    since,
    localDay(since),
  );
  return Number(row?.tokens ?? 0);
}

/** Reserves what an attempt may spend before it starts: a worker that dies mid-answer leaves this counted. */
export async function reserveTokens(
  input: { generationId: string; attempt: number; userId: string; outputTokens: number },
  db: Db = getDb(),
): Promise<void> {
  await db.tokenUse.upsert({
    where: { generationId_attempt: { generationId: input.generationId, attempt: input.attempt } },
    create: { ...input, settled: false },
    update: { outputTokens: input.outputTokens, settled: false },
  });
}

/** What an attempt really spent, once it ended (however it ended: done, stopped, deleted, failed, handed back). */
export async function settleTokens(input: {
  generationId: string;
  attempt: number;
  promptTokens: number;
  outputTokens: number;
  generationMs: number;
}): Promise<void> {
  const { generationId, attempt, ...spent } = input;
  await getDb().tokenUse.updateMany({ where: { generationId, attempt }, data: { ...spent, settled: true } });
}
