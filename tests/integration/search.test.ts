// Search over HTTP: English word forms, Chinese of two or more characters, every branch, filters, and only
// ever the member's own conversations.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/testkit/accounts";
import type { HearthClient } from "@/testkit/client";
import { setUpFamily } from "@/testkit/family";
import { type Stack, startStack } from "@/testkit/stack";

type Hit = { conversationId: string; conversationTitle: string; messageId: string | null; snippet: string; highlights: [number, number][] };

let stack: Stack;
let admin: HearthClient;
let alice: HearthClient;
let bob: HearthClient;
const marker = `zq${randomUUID().replace(/-/g, "").slice(0, 16)}`;
const ids = { conversation: randomUUID(), question: randomUUID(), first: randomUUID(), second: randomUUID(), bobs: randomUUID() };

async function userId(email: string): Promise<string> {
  const [row] = await sql<{ id: string }>(stack, `SELECT id FROM "User" WHERE email = $1`, [email]);
  return row?.id ?? "";
}

async function addConversation(input: { id: string; owner: string; title: string; archived?: boolean; when?: string }) {
  await sql(
    stack,
    `INSERT INTO "Conversation" (id, "userId", title, "archivedAt", "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, $5, $5)`,
    [input.id, input.owner, input.title, input.archived ? new Date() : null, input.when ?? new Date().toISOString()],
  );
}

async function addMessage(input: {
  id: string;
  conversationId: string;
  parentId: string | null;
  role: string;
  content: string;
  when?: string;
}) {
  await sql(
    stack,
    `INSERT INTO "Message" (id, "conversationId", "userId", "parentId", role, content, status, "createdAt", "updatedAt")
     SELECT $1, $2, "userId", $3, $4::"MessageRole", $5, 'done', $6, $6 FROM "Conversation" WHERE id = $2`,
    [input.id, input.conversationId, input.parentId, input.role, input.content, input.when ?? new Date().toISOString()],
  );
}

async function search(client: HearthClient, query: Record<string, string>): Promise<Hit[]> {
  const { status, data } = await client.json<{ results: Hit[] }>(`/api/search?${new URLSearchParams(query)}`);
  expect(status).toBe(200);
  return data.results;
}

const marked = (hit: Hit | undefined) => hit?.highlights.map(([a, b]) => hit.snippet.slice(a, b)) ?? [];

beforeAll(async () => {
  stack = await startStack();
  const family = await setUpFamily(stack, ["Alice", "Bob"]);
  admin = family.admin;
  [alice, bob] = family.members as [HearthClient, HearthClient];
  const aliceId = await userId("alice@example.com");
  const bobId = await userId("bob@example.com");
  await addConversation({ id: ids.conversation, owner: aliceId, title: "Weekend plans" });
  await addMessage({
    id: ids.question,
    conversationId: ids.conversation,
    parentId: null,
    role: "user",
    content: `How far did you run? ${marker}`,
  });
  await addMessage({
    id: ids.first,
    conversationId: ids.conversation,
    parentId: ids.question,
    role: "assistant",
    content: "I was running along the river.",
  });
  // A second answer beside the first (a regenerate): its text must be found too.
  await addMessage({
    id: ids.second,
    conversationId: ids.conversation,
    parentId: ids.question,
    role: "assistant",
    content: "今天天气很好，我们去公园散步吧。",
  });
  const old = randomUUID();
  await addConversation({ id: old, owner: aliceId, title: "旧的对话", archived: true, when: "2025-03-01T12:00:00Z" });
  await addMessage({
    id: randomUUID(),
    conversationId: old,
    parentId: null,
    role: "user",
    content: "Archived runners' notes",
    when: "2025-03-01T12:00:00Z",
  });
  await addConversation({ id: ids.bobs, owner: bobId, title: `Bob's run ${marker}` });
  await addMessage({
    id: randomUUID(),
    conversationId: ids.bobs,
    parentId: null,
    role: "user",
    content: `Bob runs too ${marker} 今天天气`,
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe("search", () => {
  it("matches English word forms and marks them", async () => {
    const hits = await search(alice, { q: "runs" });
    const messageHits = hits.filter((h) => h.conversationId === ids.conversation);
    expect(messageHits.map((h) => h.messageId).sort()).toEqual([ids.first, ids.question].sort());
    expect(marked(messageHits.find((h) => h.messageId === ids.first))).toEqual(["running"]);
  });

  it("finds Chinese of two characters inside a sentence, on a branch not on screen", async () => {
    const hits = await search(alice, { q: "天气" });
    expect(hits.map((h) => h.messageId)).toEqual([ids.second]);
    expect(marked(hits[0])).toEqual(["天气"]);
    expect((await search(alice, { q: "公园散步" })).map((h) => h.messageId)).toEqual([ids.second]);
    // Every pair of 天气很好 is there, but not as typed in this order.
    expect(await search(alice, { q: "很好天气" })).toEqual([]);
  });

  it("finds titles, and archived conversations unless left out", async () => {
    expect((await search(alice, { q: "旧的" })).map((h) => h.messageId)).toEqual([null]);
    const all = await search(alice, { q: "runner" });
    expect(all.some((h) => h.conversationTitle === "旧的对话")).toBe(true);
    expect((await search(alice, { q: "runner", archived: "exclude" })).some((h) => h.conversationTitle === "旧的对话")).toBe(false);
    expect((await search(alice, { q: "runner", archived: "only" })).every((h) => h.conversationTitle === "旧的对话")).toBe(true);
  });

  it("filters by date", async () => {
    expect((await search(alice, { q: "runner", from: "2025-02-01", to: "2025-03-01" })).length).toBeGreaterThan(0);
    expect(await search(alice, { q: "runner", from: "2025-03-02" })).toEqual([]);
  });

  it("filters by model and folder", async () => {
    const [aliceId, modelId, folderId] = [await userId("alice@example.com"), randomUUID(), randomUUID()];
    await sql(
      stack,
      `INSERT INTO "Model" (id, name, "filePath", "sizeBytes", architecture, quantization, "contextLength", "updatedAt")
       VALUES ($1, $1, '/nowhere.gguf', 1, 'llama', 'Q4_0', 2048, now())`,
      [modelId],
    );
    await sql(stack, `INSERT INTO "Folder" (id, "userId", name) VALUES ($1, $2, 'Walks')`, [folderId, aliceId]);
    await sql(stack, `UPDATE "Conversation" SET "modelId" = $2, "folderId" = $3 WHERE id = $1`, [ids.conversation, modelId, folderId]);
    const inWeekendPlans = [ids.first, ids.question].sort();
    expect((await search(alice, { q: "runs", model: modelId })).map((h) => h.messageId).sort()).toEqual(inWeekendPlans);
    expect((await search(alice, { q: "runs", folder: folderId })).map((h) => h.messageId).sort()).toEqual(inWeekendPlans);
    expect(await search(alice, { q: "runs", model: randomUUID() })).toEqual([]);
    expect(await search(alice, { q: "runs", folder: randomUUID() })).toEqual([]);
  });

  it("never shows another member's conversations, the admin's search included", async () => {
    const alices = await search(alice, { q: marker });
    expect(alices.map((h) => h.messageId)).toEqual([ids.question]);
    expect((await search(bob, { q: marker })).every((h) => h.conversationId === ids.bobs)).toBe(true);
    expect(await search(admin, { q: marker })).toEqual([]);
    expect(await search(admin, { q: "天气" })).toEqual([]);
  });

  it("refuses an empty or oversized query and treats the rest as text", async () => {
    expect((await alice.json("/api/search?q=")).status).toBe(400);
    expect((await alice.json(`/api/search?q=${"a".repeat(201)}`)).status).toBe(400);
    expect((await alice.json("/api/search?q=run&from=yesterday")).status).toBe(400);
    for (const q of ["run & (", '\'; DROP TABLE "Message"; --', "!!!", "<script>"])
      expect((await alice.json(`/api/search?q=${encodeURIComponent(q)}`)).status).toBe(200);
  });
});
