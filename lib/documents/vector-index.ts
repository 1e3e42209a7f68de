// The HNSW (cosine) index of the passages' vectors, one per embedding model. pgvector indexes vectors of one
// fixed length only, while the column takes any length (the family may pick any model), so each model gets a
// partial index over `embedding::vector(<its length>)` restricted to its own passages. The vector ranking uses
// the very same expression and predicate (vectorOrder, vectorSpaceFilter): the planner can only use an
// expression index for a query that says the same thing.
import "server-only";
import { createHash } from "node:crypto";
import { getDb } from "../db";
import { Prisma } from "../generated/prisma/client";
import { getLogger } from "../log";

/** The longest `vector` pgvector's HNSW index takes; longer ones are searched without an index. */
const MAX_INDEXED_DIMENSIONS = 2000;
/** The longest `vector` pgvector stores. */
const MAX_DIMENSIONS = 16_000;
/** Every index this module makes is named so, and only they are: dropping old ones can then never drop another. */
const INDEX_PREFIX = "DocumentChunk_embedding_";
const INDEX_SUFFIX = "_hnsw";

/** The vectors of one embedding model (its name, as the passages store it) and their length. */
export type VectorSpace = { model: string; dimensions: number };

/** The length goes into the SQL text (a type modifier cannot be a parameter): a whole number in pgvector's range. */
function checkedDimensions(dimensions: number): number {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_DIMENSIONS)
    throw new Error(`a vector has 1 to ${MAX_DIMENSIONS} dimensions, not ${dimensions}`);
  return dimensions;
}

/** A model name may hold any character: the index is named by a hash of it (and PostgreSQL names are short). */
export function vectorIndexName(space: VectorSpace): string {
  const hash = createHash("sha256").update(space.model).digest("hex").slice(0, 16);
  return `${INDEX_PREFIX}${hash}_${checkedDimensions(space.dimensions)}${INDEX_SUFFIX}`;
}

/** The model's name as an SQL literal (an index predicate cannot take a parameter). */
function modelLiteral(model: string): string {
  return `'${model.replaceAll("'", "''")}'`;
}

/**
 * The passages of the space: the index's predicate, and the filter a query needs for the planner to use it. The
 * model alone, not also the length: every vector of one model has its length, and a second condition on the
 * vectors makes the planner underestimate the rows and leave the index for a scan and a sort.
 */
export function vectorSpaceFilter(space: VectorSpace, alias = "ch"): Prisma.Sql {
  return Prisma.raw(`${alias}."embeddingModel" = ${modelLiteral(space.model)}`);
}

/** Cosine distance to the query vector, over the index's expression. */
export function vectorOrder(space: VectorSpace, vector: string, alias = "ch"): Prisma.Sql {
  const dims = checkedDimensions(space.dimensions);
  return Prisma.sql`(${Prisma.raw(`${alias}.embedding::vector(${dims})`)}) <=> ${vector}::${Prisma.raw(`vector(${dims})`)}`;
}

/** The index's definition (the bench builds it on its own connection, with more memory for the build). */
export function vectorIndexSql(space: VectorSpace, options: { concurrently: boolean }): string {
  const dims = checkedDimensions(space.dimensions);
  return (
    `CREATE INDEX ${options.concurrently ? "CONCURRENTLY " : ""}IF NOT EXISTS "${vectorIndexName(space)}" ON "DocumentChunk" ` +
    `USING hnsw ((embedding::vector(${dims})) vector_cosine_ops) WHERE "embeddingModel" = ${modelLiteral(space.model)}`
  );
}

/** Whether the space's index exists and is usable (a failed concurrent build leaves an invalid one). */
async function indexState(name: string): Promise<"valid" | "invalid" | "missing"> {
  const rows = await getDb().$queryRaw<{ valid: boolean }[]>`
    SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE c.relname = ${name} AND c.relnamespace = 'public'::regnamespace`;
  if (!rows[0]) return "missing";
  return rows[0].valid ? "valid" : "invalid";
}

/**
 * Makes the model's index when it has none. Built concurrently, so members' files can still be stored and
 * deleted meanwhile. Best effort: without the index the vector ranking is still right, only slower, so a
 * failure is logged and indexing goes on.
 */
export async function ensureVectorIndex(space: VectorSpace): Promise<void> {
  if (space.dimensions > MAX_INDEXED_DIMENSIONS) {
    getLogger().info({ model: space.model, dimensions: space.dimensions }, "vectors too long for an HNSW index; searched without one");
    return;
  }
  const name = vectorIndexName(space);
  try {
    const state = await indexState(name);
    if (state === "valid") return;
    if (state === "invalid") await getDb().$executeRawUnsafe(`DROP INDEX CONCURRENTLY IF EXISTS "${name}"`);
    await getDb().$executeRawUnsafe(vectorIndexSql(space, { concurrently: true }));
    getLogger().info({ index: name, model: space.model, dimensions: space.dimensions }, "vector index made");
  } catch (error) {
    getLogger().warn({ index: name, error: (error as Error).message }, "vector index not made; vector search goes on without it");
  }
}

/** Drops the indexes of every other model (once its passages carry this one's vectors, they index nothing). */
export async function dropOtherVectorIndexes(space: VectorSpace): Promise<void> {
  const keep = vectorIndexName(space);
  const rows = await getDb().$queryRaw<{ name: string }[]>`
    SELECT indexname AS name FROM pg_indexes
    WHERE schemaname = 'public' AND tablename = 'DocumentChunk'
      AND starts_with(indexname, ${INDEX_PREFIX}) AND right(indexname, ${INDEX_SUFFIX.length}) = ${INDEX_SUFFIX}`;
  for (const { name } of rows)
    if (name !== keep) await getDb().$executeRawUnsafe(`DROP INDEX CONCURRENTLY IF EXISTS "${name.replaceAll('"', '""')}"`);
}
