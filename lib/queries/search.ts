// Search over one member's own titles and messages, every branch included, on PostgreSQL alone: English
// word forms through the 'english' text-search configuration, Chinese (and Japanese, Korean) through pairs of
// characters (see the search migration). Snippets and highlights are cut here, from the matched text.
import "server-only";
import { getDb } from "../db";
import { Prisma } from "../generated/prisma/client";
import { highlightPattern, queryParts, type SearchFilters, type SearchHit, snippetOf } from "../search/text";

export type { SearchFilters, SearchHit };

export const SEARCH_RESULT_LIMIT = 30;
function tsQuery(parts: ReturnType<typeof queryParts>): Prisma.Sql | null {
  const english = parts.words ? Prisma.sql`plainto_tsquery('english'::regconfig, ${parts.words})` : null;
  const cjk = parts.cjkPairs ? Prisma.sql`plainto_tsquery('simple'::regconfig, ${parts.cjkPairs})` : null;
  if (english && cjk) return Prisma.sql`(${english} && ${cjk})`;
  return english ?? cjk;
}

function filterSql(filters: SearchFilters): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  // Archived conversations are searched unless the member leaves them out: finding them is half their point.
  if (filters.archived === "only") conditions.push(Prisma.sql`c."archivedAt" IS NOT NULL`);
  if (filters.archived === "exclude") conditions.push(Prisma.sql`c."archivedAt" IS NULL`);
  if (filters.modelId) conditions.push(Prisma.sql`c."modelId" = ${filters.modelId}`);
  if (filters.folderId) conditions.push(Prisma.sql`c."folderId" = ${filters.folderId}`);
  return conditions.length ? Prisma.sql`AND ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
}

function dateSql(column: Prisma.Sql, filters: SearchFilters): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (filters.from) conditions.push(Prisma.sql`${column} >= ${filters.from}`);
  if (filters.to) conditions.push(Prisma.sql`${column} < ${filters.to}`);
  return conditions.length ? Prisma.sql`AND ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
}

type Row = {
  conversationId: string;
  title: string;
  messageId: string | null;
  role: string | null;
  content: string | null;
  createdAt: Date;
  stems: string[] | null;
};

/**
 * The statement behind a search: the member's newest matching messages, then their matching titles, each row
 * with the English stems of the query (for highlights; computed once, when the statement is planned). The
 * owner is on the message itself and leads its indexes, so PostgreSQL either walks the member's messages
 * newest first until a page matched (common words) or reads only the member's matches from the word index and
 * sorts them (rare ones), never anybody else's. Null when the query has nothing to search for.
 */
export function searchSql(input: { userId: string; query: string; filters?: SearchFilters }): Prisma.Sql | null {
  const parts = queryParts(input.query);
  const query = tsQuery(parts);
  if (!query) return null;
  const filters = input.filters ?? {};
  // A longer CJK run must also appear as typed: its pairs alone could come from different places.
  const exact = parts.cjkRuns.filter((run) => run.length > 2).map((run) => Prisma.sql`AND strpos(m.content, ${run}) > 0`);
  const stems = parts.words ? Prisma.sql`tsvector_to_array(to_tsvector('english'::regconfig, ${parts.words}))` : Prisma.sql`NULL::text[]`;
  return Prisma.sql`
    SELECT hit.*, ${stems} AS stems FROM (
      (SELECT c.id AS "conversationId", c.title, m.id AS "messageId", m.role::text AS role, m.content, m."createdAt"
       FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId"
       WHERE m."userId" = ${input.userId} AND m."searchVector" @@ ${query}
         ${exact.length ? Prisma.join(exact, " ") : Prisma.empty} ${filterSql(filters)} ${dateSql(Prisma.sql`m."createdAt"`, filters)}
       ORDER BY m."createdAt" DESC LIMIT ${SEARCH_RESULT_LIMIT})
      UNION ALL
      (SELECT c.id, c.title, NULL, NULL, NULL, c."updatedAt"
       FROM "Conversation" c
       WHERE c."userId" = ${input.userId} AND c."searchVector" @@ ${query}
         ${filterSql(filters)} ${dateSql(Prisma.sql`c."updatedAt"`, filters)}
       ORDER BY c."updatedAt" DESC LIMIT ${SEARCH_RESULT_LIMIT})
    ) AS hit`;
}

/** One round trip: on a busy machine each extra statement waits its turn for the CPU again. */
export async function searchConversations(input: { userId: string; query: string; filters?: SearchFilters }): Promise<SearchHit[]> {
  const statement = searchSql(input);
  if (!statement) return [];
  const rows = await getDb().$queryRaw<Row[]>(statement);
  const pattern = highlightPattern(rows[0]?.stems ?? [], queryParts(input.query).cjkRuns);
  // Title hits first (the member likely remembers the name), then messages, newest first; one title hit per conversation.
  const titleHits = rows.filter((row) => row.messageId === null);
  const messageHits = rows.filter((row) => row.messageId !== null);
  return [...titleHits, ...messageHits].slice(0, SEARCH_RESULT_LIMIT).map((row) => ({
    conversationId: row.conversationId,
    conversationTitle: row.title,
    messageId: row.messageId,
    role: row.role,
    ...snippetOf(row.content ?? row.title, pattern),
    createdAt: row.createdAt.toISOString(),
  }));
}
