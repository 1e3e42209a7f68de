// A fresh PostgreSQL database per test run, migrated with the same code production uses.
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "@/prisma/apply-migrations";

export const ADMIN_DATABASE_URL = process.env.HEARTH_TEST_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(name: string): Promise<string> {
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  return databaseUrl(name);
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export async function createMigratedDatabase(prefix = "hearth_test"): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = uniqueName(prefix);
  const url = await createDatabase(name);
  await applyMigrations(url, path.resolve("prisma/migrations"), () => {});
  return { name, url, drop: () => dropDatabase(name) };
}
