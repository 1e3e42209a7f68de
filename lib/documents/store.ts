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

/** Every chunk to embed again with the family's new embedding model, a batch at a time. */
export async function chunksToReembed(afterId: string, take: number) {
  return getDb().documentChunk.findMany({ where: { id: { gt: afterId } }, orderBy: { id: "asc" }, take, select: { id: true, text: true } });
}

export async function countChunks(): Promise<number> {
  return getDb().documentChunk.count();
}

export async function setChunkEmbeddings(rows: { id: string; embedding: string }[], embeddingModel: string): Promise<void> {
  await getDb().$executeRaw`
    UPDATE "DocumentChunk" c SET embedding = u.embedding::vector, "embeddingModel" = ${embeddingModel}
    FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.embedding)}::text[]) AS u(id, embedding)
    WHERE c.id = u.id`;
}
