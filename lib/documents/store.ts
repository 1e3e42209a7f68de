// A document's state and passages as the worker writes them. The passages, their vectors and "ready" are
// stored in one transaction: a reader never sees a half-indexed file, and a failure leaves none.
import "server-only";
import { getDb } from "../db";
import type { DocumentStatus } from "../generated/prisma/client";
import type { Chunk } from "./chunk";

/** Insert batch: large enough to be quick, small enough for PostgreSQL's parameter limits. */
const INSERT_BATCH = 500;

export async function documentToIndex(id: string) {
  return getDb().document.findUnique({ where: { id }, select: { id: true, storedName: true, status: true } });
}

export async function setDocumentProgress(id: string, data: { status: DocumentStatus; progress: number; pages?: number | null }) {
  await getDb().document.updateMany({ where: { id, status: { in: ["reading", "indexing"] } }, data });
}

export async function failDocument(id: string, failure: string): Promise<void> {
  const db = getDb();
  await db.$transaction([
    db.documentChunk.deleteMany({ where: { documentId: id } }),
    db.document.updateMany({ where: { id }, data: { status: "failed", failure, progress: 100 } }),
  ]);
}

/** `vector` in pgvector's text form ('[0.1,0.2]'), or null for keyword search only. */
export type StoredChunk = Chunk & { embedding: string | null };

export function vectorText(vector: number[]): string {
  return `[${vector.map((v) => (Number.isFinite(v) ? v : 0)).join(",")}]`;
}

export async function storeChunks(input: { documentId: string; chunks: StoredChunk[]; embeddingModel: string | null; textChars: number }) {
  await getDb().$transaction(
    async (tx) => {
      await tx.documentChunk.deleteMany({ where: { documentId: input.documentId } });
      for (let start = 0; start < input.chunks.length; start += INSERT_BATCH) {
        const batch = input.chunks.slice(start, start + INSERT_BATCH);
        await tx.$executeRaw`
          INSERT INTO "DocumentChunk" (id, "documentId", ordinal, page, text, "overlapChars", "embeddingModel", embedding)
          SELECT gen_random_uuid()::text, ${input.documentId}, u.ordinal, u.page, u.text, u.overlap, ${input.embeddingModel}, u.embedding::vector
          FROM unnest(${batch.map((c) => c.ordinal)}::int[], ${batch.map((c) => c.page)}::int[], ${batch.map((c) => c.text)}::text[],
                      ${batch.map((c) => c.overlapChars)}::int[], ${batch.map((c) => c.embedding)}::text[]) AS u(ordinal, page, text, overlap, embedding)`;
      }
      await tx.document.update({
        where: { id: input.documentId },
        data: { status: "ready", progress: 100, failure: null, textChars: input.textChars },
      });
    },
    { timeout: 120_000 },
  );
}

/** The ready files with a passage not (yet) embedded by the model: what a re-index still has to do. */
export async function filesToReembed(model: string): Promise<string[]> {
  const rows = await getDb().$queryRaw<{ id: string }[]>`
    SELECT DISTINCT ch."documentId" AS id
    FROM "DocumentChunk" ch JOIN "Document" d ON d.id = ch."documentId" AND d.status = 'ready'
    WHERE ch."embeddingModel" IS DISTINCT FROM ${model} OR ch.embedding IS NULL
    ORDER BY 1`;
  return rows.map((r) => r.id);
}

/** A file's passages not (yet) embedded by the model. */
export async function chunksToReembed(documentId: string, model: string) {
  return getDb().documentChunk.findMany({
    where: { documentId, OR: [{ embeddingModel: null }, { embeddingModel: { not: model } }] },
    orderBy: { ordinal: "asc" },
    select: { id: true, text: true },
  });
}

export type ReindexProgress = { files: number; of: number };

/**
 * How many ready files have every passage embedded by the model, of all ready files with passages. Read from
 * the passages themselves, so it is right whoever embedded them (a re-index, a file indexed meanwhile) and
 * whatever happened to the job.
 */
export async function reindexProgress(model: string): Promise<ReindexProgress> {
  const [row] = await getDb().$queryRaw<{ files: number; of: number }[]>`
    SELECT (count(*) FILTER (WHERE per_file.done))::int AS files, count(*)::int AS of
    FROM (
      SELECT bool_and(coalesce(ch."embeddingModel" = ${model} AND ch.embedding IS NOT NULL, false)) AS done
      FROM "DocumentChunk" ch JOIN "Document" d ON d.id = ch."documentId" AND d.status = 'ready'
      GROUP BY ch."documentId"
    ) per_file`;
  return row ?? { files: 0, of: 0 };
}

export async function setChunkEmbeddings(rows: { id: string; embedding: string }[], embeddingModel: string): Promise<void> {
  await getDb().$executeRaw`
    UPDATE "DocumentChunk" c SET embedding = u.embedding::vector, "embeddingModel" = ${embeddingModel}
    FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.embedding)}::text[]) AS u(id, embedding)
    WHERE c.id = u.id`;
}
