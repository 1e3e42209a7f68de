// Moving a data folder from postgres:16-alpine (musl) to the pgvector image (glibc): the collation the text
// indexes were sorted by changes. The migration step sees the recorded version differ from the server's and
// rebuilds the indexes once, with the data in place.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/migrations/apply";
import { upgradeDatabase } from "@/lib/migrations/upgrade";
import { ADMIN_DATABASE_URL, databaseUrl, dropDatabase, uniqueName } from "@/testkit/database";

const created: string[] = [];
afterAll(async () => {
  for (const name of created) await dropDatabase(name);
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe("a collation change under the data folder", () => {
  it("rebuilds the text indexes once, keeps the data findable, and records the new version", async () => {
    // An ICU collation: this server's own C.UTF-8 has no version, glibc's en_US (the pgvector image's) and ICU do.
    const name = uniqueName("hearth_coll");
    created.push(name);
    await query(ADMIN_DATABASE_URL, `CREATE DATABASE "${name}" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'`);
    const url = databaseUrl(name);
    await applyMigrations(url, path.resolve("prisma/migrations"), () => {});
    const dirs = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-collation-"));
    const upgrade = (log: string[]) =>
      upgradeDatabase({
        databaseUrl: url,
        migrationsDir: path.resolve("prisma/migrations"),
        dataDir: dirs,
        backupDir: dirs,
        keepBackups: 1,
        log: (l) => log.push(l),
      });
    await upgrade([]);
    await query(
      url,
      `INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") SELECT 'u' || i, 'person' || i || '@example.com', 'P', 'x', now() FROM generate_series(1, 500) i`,
    );
    const filenode = async () => (await query<{ f: string }>(url, `SELECT pg_relation_filenode('"User_email_key"')::text AS f`))[0]?.f;
    const before = await filenode();

    // What the musl image leaves behind: no collation version recorded, where the new server has one.
    await query(ADMIN_DATABASE_URL, "UPDATE pg_database SET datcollversion = NULL WHERE datname = $1", [name]);
    const log: string[] = [];
    await upgrade(log);
    expect(log.join("\n")).toMatch(/collation version changed \(none recorded → [\d.]+\): rebuilding the indexes/);
    expect(await filenode()).not.toBe(before); // REINDEX writes each index anew
    const [state] = await query<{ same: boolean }>(
      url,
      "SELECT datcollversion IS NOT DISTINCT FROM pg_database_collation_actual_version(oid) AS same FROM pg_database WHERE datname = current_database()",
    );
    expect(state?.same).toBe(true);
    const found = await query<{ id: string }>(url, `SELECT id FROM "User" WHERE email = 'person377@example.com'`);
    expect(found).toEqual([{ id: "u377" }]);

    const rebuilt = await filenode();
    const again: string[] = [];
    await upgrade(again);
    expect(again.join("\n")).not.toMatch(/rebuilding/);
    expect(await filenode()).toBe(rebuilt);
    await fs.rm(dirs, { recursive: true, force: true });
  });
});
