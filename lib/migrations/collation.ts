// Text indexes are sorted by the C library's collation. When the library that sorts changes under a data
// folder (postgres:16-alpine's musl → the pgvector image's glibc, or a distribution upgrade), those indexes
// can silently miss rows. PostgreSQL records the collation version it built with; when the recorded one
// differs from what the server now has, rebuild every index of the database once, then record the new one.
import type pg from "pg";

type CollationState = { database: string; recorded: string | null; actual: string | null };

async function readCollation(client: pg.Client): Promise<CollationState> {
  const { rows } = await client.query<CollationState>(
    `SELECT datname AS database, datcollversion AS recorded, pg_database_collation_actual_version(oid) AS actual
       FROM pg_database WHERE datname = current_database()`,
  );
  const state = rows[0];
  if (!state) throw new Error("the current database is missing from pg_database");
  return state;
}

/**
 * Musl records no version (null) while glibc does, so "none recorded" counts as changed too: the one case
 * PostgreSQL itself does not warn about. A server with no version of its own (C, POSIX, C.UTF-8 or musl)
 * has nothing to record, and PostgreSQL refuses to record "none". Returns whether it rebuilt the indexes.
 */
export async function rebuildIndexesIfCollationChanged(client: pg.Client, log: (line: string) => void): Promise<boolean> {
  const { database, recorded, actual } = await readCollation(client);
  if (actual === null || recorded === actual) return false;
  const name = `"${database.replaceAll('"', '""')}"`;
  log(`[migrate] the collation version changed (${recorded ?? "none recorded"} → ${actual ?? "none"}): rebuilding the indexes of ${name}`);
  // Not in a transaction: REINDEX DATABASE refuses to run inside one.
  await client.query(`REINDEX DATABASE ${name}`);
  await recordCollationVersion(client, name, recorded, log);
  log("[migrate] indexes rebuilt");
  return true;
}

/**
 * PostgreSQL's REFRESH refuses to go from "none recorded" to a version, so that case writes the catalogue
 * row itself, which takes a superuser (compose's database user is one, as the image makes it).
 */
async function recordCollationVersion(
  client: pg.Client,
  name: string,
  recorded: string | null,
  log: (line: string) => void,
): Promise<void> {
  if (recorded !== null) {
    await client.query(`ALTER DATABASE ${name} REFRESH COLLATION VERSION`);
    return;
  }
  await client
    .query("UPDATE pg_database SET datcollversion = pg_database_collation_actual_version(oid) WHERE datname = current_database()")
    .catch((error: { code?: string }) => {
      if (error.code !== "42501") throw error;
      log(
        "[migrate] only a superuser can record the new collation version (until then the indexes are rebuilt at every start): run\n" +
          `psql -d ${name} -c "UPDATE pg_database SET datcollversion = pg_database_collation_actual_version(oid) WHERE datname = current_database()"`,
      );
    });
}
