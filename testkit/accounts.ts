// Helpers for account tests: make and sign in people through the admin API, read the database directly.
import pg from "pg";
import { HearthClient } from "./client";
import { randomMarker } from "./markers";
import type { Stack } from "./stack";

export const PASSWORD = "a long enough password";

export async function addPerson(stack: Stack, admin: HearthClient, name: string, role = "member") {
  const email = `${name.toLowerCase()}-${randomMarker()}@example.com`;
  const created = await admin.json<{ user: { id: string } }>("/api/admin/users", { name, email, password: PASSWORD, role });
  if (created.status !== 201) throw new Error(`creating ${name} failed: ${JSON.stringify(created.data)}`);
  const client = new HearthClient(stack.baseUrl);
  if (!(await client.login(email, PASSWORD))) throw new Error(`${name} could not sign in`);
  return { id: created.data.user.id, email, client };
}

export async function sql<T extends pg.QueryResultRow>(stack: Stack, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: stack.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
