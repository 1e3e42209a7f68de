// `npm run db:new-migration -- <name>`: writes the SQL that takes the last migrated schema to the current one.
// Works offline: Prisma's WASM engine diffs two schema files; schema.snapshot.prisma is the schema as of
// the newest migration and is updated alongside it. Prisma's JS engine still connects to DATABASE_URL (any reachable database).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const name = process.argv[2]?.replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:new-migration -- <name>");
  process.exit(1);
}
const dir = path.join(import.meta.dirname, "migrations");
const snapshot = path.join(dir, "schema.snapshot.prisma");
const schema = path.join(import.meta.dirname, "schema.prisma");
const sql = execFileSync(
  "npx",
  ["prisma", "migrate", "diff", "--from-schema-datamodel", snapshot, "--to-schema-datamodel", schema, "--script"],
  { encoding: "utf8", env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" } },
);
if (!sql.trim() || /empty migration/i.test(sql)) {
  console.log("No schema changes since the last migration.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const target = path.join(dir, `${stamp}_${name}`);
fs.mkdirSync(target);
fs.writeFileSync(path.join(target, "migration.sql"), sql);
fs.copyFileSync(schema, snapshot);
console.log(`Wrote ${path.relative(process.cwd(), target)}/migration.sql`);
