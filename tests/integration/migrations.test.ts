// The migration path: applies offline from an empty database, is idempotent and safe to run twice at
// once, refuses edited history, and produces exactly the schema that prisma/schema.prisma describes.
import { execFileSync } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/migrations/apply";
import { createDatabase, dropDatabase, uniqueName } from "@/testkit/database";

const migrationsDir = path.resolve("prisma/migrations");
const created: string[] = [];

async function freshDatabase(): Promise<string> {
  const name = uniqueName("hearth_mig");
  created.push(name);
  return createDatabase(name);
}

function schemaDump(url: string): string {
  const dump = execFileSync(
    "pg_dump",
    [
      "--schema-only",
      "--no-owner",
      "--no-privileges",
      "--exclude-table=_hearth_migrations",
      "--exclude-table=_hearth_install",
      "--exclude-schema=hearth_search",
      url,
    ],
    {
      encoding: "utf8",
    },
  );
  // Drop comments and settings; compare lines as a sorted set, since an added column lands last in a
  // migrated table but in schema order in a fresh one.
  return (
    dump
      .split("\n")
      // The search objects are written by hand (Prisma cannot describe them) and checked on their own.
      .filter((l) => !l.includes("hearth_search") && !l.includes("searchVector"))
      // So are the documents' extensions, embedding column and trigram index (checked below).
      .filter((l) => !/EXTENSION|^\s*embedding public\.vector|_trgm_idx/.test(l))
      .filter((l) => l.trim() && !l.startsWith("--") && !l.startsWith("SET ") && !l.startsWith("SELECT pg_catalog") && !l.startsWith("\\"))
      .map((l) => l.trim().replace(/,$/, ""))
      .sort()
      .join("\n")
  );
}

afterAll(async () => {
  for (const name of created) await dropDatabase(name);
});

describe("migrations", () => {
  it("apply from empty, once, and match the Prisma schema exactly", async () => {
    const migrated = await freshDatabase();
    const applied = await applyMigrations(migrated, migrationsDir, () => {});
    expect(applied.length).toBeGreaterThanOrEqual(2);
    expect(await applyMigrations(migrated, migrationsDir, () => {})).toEqual([]);

    // The schema as Prisma would create it from scratch, straight from schema.prisma.
    const expected = await freshDatabase();
    const sql = execFileSync(
      "npx",
      ["prisma", "migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
      { encoding: "utf8", env: { ...process.env, DATABASE_URL: expected } },
    );
    const client = new pg.Client({ connectionString: expected });
    await client.connect();
    await client.query(sql);
    await client.end();

    expect(schemaDump(migrated)).toBe(schemaDump(expected));
    const search = new pg.Client({ connectionString: migrated });
    await search.connect();
    const indexes = await search.query(`SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%"searchVector"%' ORDER BY 1`);
    expect(indexes.rows.map((r) => r.indexname)).toEqual([
      "Conversation_searchVector_idx",
      "DocumentChunk_searchVector_idx",
      "Message_userId_searchVector_idx",
    ]);
    const embedding = await search.query(
      `SELECT udt_name FROM information_schema.columns WHERE table_name = 'DocumentChunk' AND column_name = 'embedding'`,
    );
    expect(embedding.rows).toEqual([{ udt_name: "vector" }]);
    await search.end();
  });

  it("is safe when two processes migrate at the same time", async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([applyMigrations(url, migrationsDir, () => {}), applyMigrations(url, migrationsDir, () => {})]);
    expect([...a, ...b].sort()).toEqual((await fs.readdir(migrationsDir)).filter((n) => !n.includes(".")).sort());
  });

  it("refuses a migration that was edited after it was applied", async () => {
    const url = await freshDatabase();
    const copy = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-migrations-"));
    await fs.cp(migrationsDir, copy, { recursive: true });
    await applyMigrations(url, copy, () => {});
    const first = (await fs.readdir(copy)).filter((n) => !n.includes(".")).sort()[0] ?? "";
    await fs.appendFile(path.join(copy, first, "migration.sql"), "\n-- edited\n");
    await expect(applyMigrations(url, copy, () => {})).rejects.toThrow(/was changed after it was applied/);
    await fs.rm(copy, { recursive: true, force: true });
  });

  it("rolls back a failing migration and reports which one", async () => {
    const url = await freshDatabase();
    const copy = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-migrations-"));
    await fs.cp(migrationsDir, copy, { recursive: true });
    await fs.mkdir(path.join(copy, "99999999999999_broken"));
    await fs.writeFile(
      path.join(copy, "99999999999999_broken", "migration.sql"),
      'CREATE TABLE "Half" (id int);\nSELECT broken syntax here;',
    );
    await expect(applyMigrations(url, copy, () => {})).rejects.toThrow(/99999999999999_broken failed/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(`SELECT to_regclass('"Half"') AS t`);
    await client.end();
    expect(rows[0].t).toBeNull();
    await fs.rm(copy, { recursive: true, force: true });
  });

  it("gives messages stored before the owner column their conversation's owner, and refuses any other owner", async () => {
    const url = await freshDatabase();
    const copy = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-migrations-"));
    await fs.cp(migrationsDir, copy, { recursive: true });
    const owner = (await fs.readdir(copy)).find((n) => n.endsWith("_message_owner")) ?? "";
    for (const name of await fs.readdir(copy))
      if (!name.includes(".") && name >= owner) await fs.rm(path.join(copy, name), { recursive: true });
    await applyMigrations(url, copy, () => {});
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES
      ('u1', 'one@example.com', 'One', 'x', 'member', now()), ('u2', 'two@example.com', 'Two', 'x', 'member', now())`);
    await client.query(
      `INSERT INTO "Conversation" (id, "userId", title, "updatedAt") VALUES ('c1', 'u1', 'One''s', now()), ('c2', 'u2', 'Two''s', now())`,
    );
    await client.query(`INSERT INTO "Message" (id, "conversationId", role, content, "updatedAt") VALUES
      ('m1', 'c1', 'user', 'hello', now()), ('m2', 'c1', 'assistant', 'hi', now()), ('m3', 'c2', 'user', 'hey', now())`);
    await applyMigrations(url, migrationsDir, () => {});
    const { rows } = await client.query(`SELECT id, "userId" FROM "Message" ORDER BY id`);
    expect(rows).toEqual([
      { id: "m1", userId: "u1" },
      { id: "m2", userId: "u1" },
      { id: "m3", userId: "u2" },
    ]);
    await expect(
      client.query(
        `INSERT INTO "Message" (id, "conversationId", "userId", role, content, "updatedAt") VALUES ('m4', 'c1', 'u2', 'user', 'x', now())`,
      ),
    ).rejects.toThrow(/Message_conversationId_userId_fkey/);
    await client.end();
    await fs.rm(copy, { recursive: true, force: true });
  });
});
