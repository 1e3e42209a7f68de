// A from-source install runs as its own database role, not a superuser (npm run setup makes it), with pgvector
// created once by the superuser because that extension is not trusted. A restore run by that role must not
// need to create the extension again.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBackup } from "@/lib/backup/backup";
import { restoreBackup } from "@/lib/backup/restore";
import { vectorRankingSql } from "@/lib/documents/retrieve";
import { vectorIndexName, vectorIndexSql } from "@/lib/documents/vector-index";
import { applyMigrations } from "@/lib/migrations/apply";
import { ADMIN_DATABASE_URL, databaseUrl, uniqueName } from "@/testkit/database";

const role = uniqueName("hearth_role");
const name = uniqueName("hearth_restore");
let roleUrl = "";
let dir = "";

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

function restoreAsRole(file: string) {
  return restoreBackup({
    file,
    databaseUrl: roleUrl,
    migrationsDir: path.resolve("prisma/migrations"),
    dataDir: path.join(dir, "data"),
    modelsDir: path.join(dir, "models"),
    backupDir: path.join(dir, "backups"),
    keepBackups: 5,
    log: () => {},
  });
}

beforeAll(async () => {
  await query(ADMIN_DATABASE_URL, `CREATE ROLE "${role}" LOGIN`);
  await query(ADMIN_DATABASE_URL, `CREATE DATABASE "${name}" OWNER "${role}"`);
  await query(databaseUrl(name), "CREATE EXTENSION IF NOT EXISTS vector");
  const url = new URL(databaseUrl(name));
  url.username = role;
  roleUrl = url.toString();
  await applyMigrations(roleUrl, path.resolve("prisma/migrations"), () => {});
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-restore-role-"));
}, 120_000);

afterAll(async () => {
  await query(ADMIN_DATABASE_URL, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await query(ADMIN_DATABASE_URL, `DROP ROLE IF EXISTS "${role}"`);
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe("restore by the app's own role", () => {
  it("puts the backup back and keeps pgvector, which that role could not create", async () => {
    const [superuser] = await query<{ rolsuper: boolean }>(roleUrl, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
    expect(superuser?.rolsuper).toBe(false);
    await query(roleUrl, `INSERT INTO "Settings" (id, "openSignUp") VALUES (1, true)`);
    const backup = await createBackup({ databaseUrl: roleUrl, dir: path.join(dir, "backups") });
    await query(roleUrl, `UPDATE "Settings" SET "openSignUp" = false`);

    await restoreAsRole(backup.file);

    expect(await query(roleUrl, `SELECT "openSignUp" FROM "Settings"`)).toEqual([{ openSignUp: true }]);
    // The extension is still there and the passages' vectors still work.
    expect(await query(roleUrl, "SELECT extname FROM pg_extension WHERE extname = 'vector'")).toEqual([{ extname: "vector" }]);
    const [distance] = await query<{ d: number }>(roleUrl, "SELECT '[1,0]'::vector <=> '[0,1]'::vector AS d");
    expect(distance?.d).toBe(1);
  }, 120_000);

  it("puts back an embedding model's HNSW index with the passages, usable by the vector ranking", async () => {
    const space = { model: "Lexical's model", dimensions: 3 };
    await query(
      roleUrl,
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ('u', 'u@example.com', 'U', 'x', 'member', now())`,
    );
    await query(
      roleUrl,
      `INSERT INTO "Document" (id, "userId", name, mime, bytes, sha256, "storedName", status, "updatedAt")
       VALUES ('d', 'u', 'a.txt', 'text/plain', 1, 'x', 'd.text', 'ready', now())`,
    );
    await query(
      roleUrl,
      `INSERT INTO "DocumentChunk" (id, "documentId", ordinal, text, "embeddingModel", embedding)
       SELECT 'c' || n, 'd', n, 'passage', $1, ('[' || n || ',1,0]')::vector FROM generate_series(1, 50) AS n`,
      [space.model],
    );
    await query(roleUrl, vectorIndexSql(space, { concurrently: false }));
    const backup = await createBackup({ databaseUrl: roleUrl, dir: path.join(dir, "backups") });
    await query(roleUrl, `DROP INDEX "${vectorIndexName(space)}"`);

    await restoreAsRole(backup.file);

    const [index] = await query<{ valid: boolean }>(
      roleUrl,
      `SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1`,
      [vectorIndexName(space)],
    );
    expect(index?.valid).toBe(true);
    // The vector ranking's own query uses it (told to avoid a scan and a sort: the table is small).
    const ranking = vectorRankingSql(["d"], { model: space.model, vector: [1, 1, 0] });
    const client = new pg.Client({ connectionString: roleUrl });
    await client.connect();
    try {
      await client.query("SET enable_seqscan = off");
      await client.query("SET enable_sort = off");
      const plan = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${ranking.text}`, ranking.values);
      expect(plan.rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain(`Index Scan using "${vectorIndexName(space)}"`);
    } finally {
      await client.end();
    }
  }, 120_000);
});
