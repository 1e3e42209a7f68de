// A fresh PostgreSQL database per test run, migrated with the same code production uses.
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "@/lib/migrations/apply";

export const ADMIN_DATABASE_URL = process.env.HEARTH_TEST_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

export function databaseUrl(name: string, adminUrl = ADMIN_DATABASE_URL): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>, adminUrl = ADMIN_DATABASE_URL): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(name: string, adminUrl = ADMIN_DATABASE_URL): Promise<string> {
  await admin((c) => c.query(`CREATE DATABASE "${name}"`), adminUrl);
  return databaseUrl(name, adminUrl);
}

export async function dropDatabase(name: string, adminUrl = ADMIN_DATABASE_URL): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`), adminUrl);
}

/** A new database, migrated; `adminUrl` chooses the PostgreSQL server (the shared test server by default). */
export async function createMigratedDatabase(
  prefix = "hearth_test",
  adminUrl = ADMIN_DATABASE_URL,
): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = uniqueName(prefix);
  const url = await createDatabase(name, adminUrl);
  await applyMigrations(url, path.resolve("prisma/migrations"), () => {});
  return { name, url, drop: () => dropDatabase(name, adminUrl) };
}
