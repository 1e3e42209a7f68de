// The sidebar's library over HTTP: pages of conversations (pinned first, newest activity first), rename,
// pin and archive, each only on one's own conversations.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/testkit/accounts";
import type { HearthClient } from "@/testkit/client";
import { setUpFamily } from "@/testkit/family";
import { type Stack, startStack } from "@/testkit/stack";

type Link = { id: string; title: string; updatedAt: string; pinned: boolean; archived: boolean };
type Page = { pinned: Link[]; conversations: Link[]; nextCursor: string | null };

let stack: Stack;
let alice: HearthClient;
let bob: HearthClient;
const MANY = 130;

async function userId(email: string): Promise<string> {
  const [row] = await sql<{ id: string }>(stack, `SELECT id FROM "User" WHERE email = $1`, [email]);
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}

/** Conversations straight into the database, one a minute apart, the newest titled "chat 0". */
async function seedConversations(ownerId: string, count: number): Promise<void> {
  const start = Date.now();
  await sql(
    stack,
    `INSERT INTO "Conversation" (id, "userId", title, "createdAt", "updatedAt")
     SELECT gen_random_uuid()::text, $1, 'chat ' || n, to_timestamp(($2::bigint - n * 60000) / 1000.0), to_timestamp(($2::bigint - n * 60000) / 1000.0)
     FROM generate_series(0, $3::int - 1) AS n`,
    [ownerId, start, count],
  );
}

async function list(client: HearthClient, query = ""): Promise<Page> {
  const { status, data } = await client.json<Page>(`/api/conversations${query}`);
  expect(status).toBe(200);
  return data;
}

async function listAll(client: HearthClient, archived = false): Promise<Link[]> {
  const first = await list(client, archived ? "?archived=1" : "");
  const all = [...first.pinned, ...first.conversations];
  let cursor = first.nextCursor;
  while (cursor) {
    const next = await list(client, `?${archived ? "archived=1&" : ""}cursor=${encodeURIComponent(cursor)}`);
    expect(next.pinned).toEqual([]);
    all.push(...next.conversations);
    cursor = next.nextCursor;
  }
  return all;
}

beforeAll(async () => {
  stack = await startStack();
  const family = await setUpFamily(stack, ["Alice", "Bob"]);
  [alice, bob] = family.members as [HearthClient, HearthClient];
  await seedConversations(await userId("alice@example.com"), MANY);
  await seedConversations(await userId("bob@example.com"), 3);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe("the conversation list", () => {
  it("comes in pages, newest activity first, every conversation exactly once", async () => {
    const first = await list(alice);
    expect(first.conversations).toHaveLength(50);
    expect(first.conversations[0]?.title).toBe("chat 0");
    expect(first.nextCursor).not.toBeNull();
    const all = await listAll(alice);
    expect(all).toHaveLength(MANY);
    expect(new Set(all.map((c) => c.id)).size).toBe(MANY);
    const times = all.map((c) => c.updatedAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("puts pinned conversations on top of the first page without moving them in time", async () => {
    const all = await listAll(alice);
    const old = all.at(-1) as Link;
    expect((await alice.json(`/api/conversations/${old.id}`, { pinned: true }, "PATCH")).status).toBe(200);
    const first = await list(alice);
    expect(first.pinned.map((c) => c.id)).toEqual([old.id]);
    expect(first.pinned[0]?.updatedAt).toBe(old.updatedAt);
    expect(first.conversations.some((c) => c.id === old.id)).toBe(false);
    // Still listed exactly once across all pages.
    expect((await listAll(alice)).filter((c) => c.id === old.id)).toHaveLength(1);
  });

  it("renames, and the member's name is kept as theirs", async () => {
    const [target] = (await list(alice)).conversations as [Link];
    const name = `Trip to the mountains ${randomUUID()}`;
    expect((await alice.json(`/api/conversations/${target.id}`, { title: `  ${name}  ` }, "PATCH")).status).toBe(200);
    expect((await list(alice)).conversations[0]?.title).toBe(name);
    const [row] = await sql<{ titleByUser: boolean }>(stack, `SELECT "titleByUser" FROM "Conversation" WHERE id = $1`, [target.id]);
    expect(row?.titleByUser).toBe(true);
    for (const title of ["", "   ", "x".repeat(201), 42]) {
      expect((await alice.json(`/api/conversations/${target.id}`, { title }, "PATCH")).status).toBe(400);
    }
  });

  it("archives out of the list and back", async () => {
    const [target] = (await list(alice)).conversations as [Link];
    expect((await alice.json(`/api/conversations/${target.id}`, { archived: true }, "PATCH")).status).toBe(200);
    expect((await listAll(alice)).some((c) => c.id === target.id)).toBe(false);
    const archived = await listAll(alice, true);
    expect(archived.map((c) => c.id)).toEqual([target.id]);
    expect(archived[0]?.archived).toBe(true);
    // An archived conversation still opens.
    expect((await alice.json(`/api/conversations/${target.id}`)).status).toBe(200);
    expect((await alice.json(`/api/conversations/${target.id}`, { archived: false }, "PATCH")).status).toBe(200);
    expect(await listAll(alice, true)).toEqual([]);
    expect((await listAll(alice)).some((c) => c.id === target.id)).toBe(true);
  });

  it("never lists or changes another member's conversations", async () => {
    const bobs = await listAll(bob);
    expect(bobs).toHaveLength(3);
    const alices = new Set((await listAll(alice)).map((c) => c.id));
    expect(bobs.some((c) => alices.has(c.id))).toBe(false);
    const [mine] = bobs as [Link];
    for (const change of [{ title: "taken over" }, { pinned: true }, { archived: true }]) {
      expect((await alice.json(`/api/conversations/${mine.id}`, change, "PATCH")).status).toBe(404);
    }
    expect((await listAll(bob))[0]).toEqual(mine);
  });

  it("treats a forged cursor as the first page and refuses a bad query", async () => {
    const forged = await list(alice, "?cursor=1' OR '1'='1");
    expect(forged.conversations[0]?.title).toBeDefined();
    expect((await alice.json("/api/conversations?limit=5000")).status).toBe(400);
    expect((await alice.json("/api/conversations?archived=yes")).status).toBe(400);
  });
});
