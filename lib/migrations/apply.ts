// Applies prisma/migrations/*/migration.sql in order, once each, under an advisory lock.
// The same code runs from source, in Docker and in CI: no schema-engine binary (or download) needed.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";

export type Migration = { name: string; sql: string; checksum: string };

export async function readMigrations(dir: string): Promise<Migration[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await fs.readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

const LOCK_ID = 4207002;

/** Migrations not yet applied to the database (all of them for a database Hearth never migrated). */
export async function listPendingMigrations(client: pg.Client, dir: string): Promise<string[]> {
  const migrations = await readMigrations(dir);
  const { rows } = await client.query<{ t: string | null }>(`SELECT to_regclass('"_hearth_migrations"')::text AS t`);
  if (!rows[0]?.t) return migrations.map((m) => m.name);
  const done = new Set((await client.query<{ name: string }>(`SELECT name FROM "_hearth_migrations"`)).rows.map((r) => r.name));
  return migrations.filter((m) => !done.has(m.name)).map((m) => m.name);
}

export async function applyMigrations(databaseUrl: string, dir: string, log: (line: string) => void): Promise<string[]> {
  const migrations = await readMigrations(dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_hearth_migrations" (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    // The database's own id, which the install marker (lib/install/marker.ts) and backups refer to.
    await client.query(`CREATE TABLE IF NOT EXISTS "_hearth_install" (id text PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now())`);
    await client.query(
      `INSERT INTO "_hearth_install" (id) SELECT gen_random_uuid()::text WHERE NOT EXISTS (SELECT 1 FROM "_hearth_install")`,
    );
    const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM "_hearth_migrations"`);
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    for (const migration of migrations) {
      const previous = done.get(migration.name);
      if (previous) {
        if (previous !== migration.checksum) {
          throw new Error(`Migration ${migration.name} was changed after it was applied; add a new migration instead.`);
        }
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(`INSERT INTO "_hearth_migrations" (name, checksum) VALUES ($1, $2)`, [migration.name, migration.checksum]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
      applied.push(migration.name);
      log(`[migrate] applied ${migration.name}`);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => {});
    await client.end();
  }
  return applied;
}
