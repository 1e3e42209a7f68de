// Finding the passages of a conversation's files that answer a question: keyword (PostgreSQL full text, with
// Chinese as character pairs), exact codes and names (trigram index), and vector cosine when the passages have
// embeddings of the family's model; the three rankings merged by reciprocal rank fusion. Only the conversation
// owner's own files, and the files of the collections it uses that its owner may use, are ever searched.
import "server-only";
import { getDb } from "../db";
import { Prisma } from "../generated/prisma/client";
import { getLogger } from "../log";
import { queryParts } from "../search/text";
import { vectorText } from "./store";
import { vectorOrder, vectorSpaceFilter } from "./vector-index";

/** How deep each ranking goes, and the damping constant of reciprocal rank fusion (the usual 60). */
const PER_RANKING = 40;
const RRF_K = 60;

/** collection: the family collection the file belongs to, by name; null for the member's own file. */
export type ConversationFile = { id: string; name: string; textChars: number; collection: string | null };

export type Passage = {
  id: string;
  documentId: string;
  name: string;
  page: number | null;
  ordinal: number;
  text: string;
  overlapChars: number;
  collection: string | null;
};

/**
 * The conversation's files that are ready: the owner's own, then those of its collections. A collection's
 * files count only while the owner may use it (the admin may since have made it adults-only).
 */
export async function readyConversationFiles(conversationId: string): Promise<ConversationFile[]> {
  return getDb().$queryRaw<ConversationFile[]>`
    SELECT id, name, "textChars", collection FROM (
      SELECT d.id, d.name, d."textChars", NULL::text AS collection, 0 AS part, cd."createdAt" AS added
      FROM "ConversationDocument" cd
      JOIN "Conversation" c ON c.id = cd."conversationId"
      JOIN "Document" d ON d.id = cd."documentId" AND d."userId" = c."userId"
      WHERE cd."conversationId" = ${conversationId} AND d.status = 'ready'
      UNION ALL
      SELECT d.id, d.name, d."textChars", col.name, 1, cc."createdAt"
      FROM "ConversationCollection" cc
      JOIN "Conversation" c ON c.id = cc."conversationId"
      JOIN "User" u ON u.id = c."userId"
      JOIN "Collection" col ON col.id = cc."collectionId" AND (col.audience = 'everyone' OR u.role <> 'child')
      JOIN "Document" d ON d."collectionId" = col.id
      WHERE cc."conversationId" = ${conversationId} AND d.status = 'ready'
    ) files
    ORDER BY part, added, id`;
}

/** Every passage of the files, in order (to give a file whole). */
export async function allPassages(files: ConversationFile[]): Promise<Passage[]> {
  return passagesWhere(files, null);
}

async function passagesWhere(files: ConversationFile[], ids: string[] | null): Promise<Passage[]> {
  const rows = await getDb().documentChunk.findMany({
    where: { documentId: { in: files.map((f) => f.id) }, ...(ids ? { id: { in: ids } } : {}) },
    orderBy: [{ documentId: "asc" }, { ordinal: "asc" }],
    select: { id: true, documentId: true, page: true, ordinal: true, text: true, overlapChars: true },
  });
  const byId = new Map(files.map((f) => [f.id, f]));
  return rows.map((r) => ({ ...r, name: byId.get(r.documentId)?.name ?? "", collection: byId.get(r.documentId)?.collection ?? null }));
}

/** Words of a question that look like codes, numbers or names to find as typed ("XK-4471", "B2"). */
export function exactTerms(question: string): string[] {
  const tokens = question.match(/[\p{L}\p{N}][\p{L}\p{N}._/-]*[\p{L}\p{N}]/gu) ?? [];
  return [...new Set(tokens.filter((t) => t.length >= 3 && /\d/.test(t)))].slice(0, 8);
}

/** Latin words for an OR query (the index's english config stems and drops stop words). */
function orQuery(text: string): string {
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.map((w) => w.toLowerCase()))].slice(0, 32).join(" | ");
}

async function keywordRanking(fileIds: string[], question: string): Promise<string[]> {
  const { words, cjkPairs } = queryParts(question);
  const latin = orQuery(words);
  const pairs = orQuery(cjkPairs);
  if (!latin && !pairs) return [];
  const rows = await getDb().$queryRaw<{ id: string }[]>`
    WITH q AS (SELECT to_tsquery('english', ${latin}) || to_tsquery('simple', ${pairs}) AS query)
    SELECT ch.id FROM "DocumentChunk" ch, q
    WHERE ch."documentId" = ANY(${fileIds}::text[]) AND ch."searchVector" @@ q.query
    ORDER BY ts_rank_cd(ch."searchVector", q.query) DESC, ch.ordinal
    LIMIT ${PER_RANKING}`;
  return rows.map((r) => r.id);
}

async function exactRanking(fileIds: string[], question: string): Promise<string[]> {
  const terms = exactTerms(question);
  if (!terms.length) return [];
  const patterns = terms.map((t) => `%${t.replace(/[\\%_]/g, "\\$&")}%`);
  const rows = await getDb().$queryRaw<{ id: string }[]>`
    SELECT ch.id FROM "DocumentChunk" ch
    WHERE ch."documentId" = ANY(${fileIds}::text[]) AND ch.text ILIKE ANY(${patterns}::text[])
    ORDER BY ch.ordinal
    LIMIT ${PER_RANKING}`;
  return rows.map((r) => r.id);
}

export type QueryVector = { model: string; vector: number[] };

/** The vector ranking's query: the ordering and filter of the model's HNSW index (lib/documents/vector-index.ts). */
export function vectorRankingSql(fileIds: string[], query: QueryVector): Prisma.Sql {
  const space = { model: query.model, dimensions: query.vector.length };
  return Prisma.sql`
    SELECT ch.id FROM "DocumentChunk" ch
    WHERE ch."documentId" = ANY(${fileIds}::text[]) AND ${vectorSpaceFilter(space)}
    ORDER BY ${vectorOrder(space, vectorText(query.vector))}
    LIMIT ${PER_RANKING}`;
}

/**
 * Best effort: a question still gets its keyword and code rankings should the vectors fail (a model file replaced
 * under the same name with vectors of another length cannot be cast to the index's length).
 */
async function vectorRanking(fileIds: string[], query: QueryVector): Promise<string[]> {
  if (!query.vector.length) return [];
  const db = getDb();
  try {
    // The index holds every member's passages and the member's files may be few of them: an iterative scan goes
    // on past the first candidates until enough are the member's own (pgvector 0.8), in exact distance order.
    const [, rows] = await db.$transaction([
      db.$executeRaw`SET LOCAL hnsw.iterative_scan = strict_order`,
      db.$queryRaw<{ id: string }[]>(vectorRankingSql(fileIds, query)),
    ]);
    return rows.map((r) => r.id);
  } catch (error) {
    getLogger().warn({ model: query.model, error: (error as Error).message }, "vector ranking failed; keyword rankings only");
    return [];
  }
}

/** Reciprocal rank fusion: each ranking adds 1/(k + rank) to an item's score. */
export function fuseRankings(rankings: string[][], k = RRF_K): string[] {
  const scores = new Map<string, number>();
  for (const ranking of rankings) {
    for (const [i, id] of ranking.entries()) scores.set(id, (scores.get(id) ?? 0) + 1 / (k + i + 1));
  }
  return [...scores].sort((a, b) => b[1] - a[1]).map(([id]) => id);
}

/** The best passages for the question, best first; empty when nothing matches. */
export async function searchPassages(input: {
  files: ConversationFile[];
  question: string;
  limit: number;
  queryVector?: QueryVector | null;
}): Promise<Passage[]> {
  const fileIds = input.files.map((f) => f.id);
  if (!fileIds.length) return [];
  const rankings = await Promise.all([
    keywordRanking(fileIds, input.question),
    exactRanking(fileIds, input.question),
    input.queryVector ? vectorRanking(fileIds, input.queryVector) : Promise.resolve([]),
  ]);
  const best = fuseRankings(rankings).slice(0, input.limit);
  const passages = new Map((await passagesWhere(input.files, best)).map((p) => [p.id, p]));
  return best.flatMap((id) => passages.get(id) ?? []);
}
