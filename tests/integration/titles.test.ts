// Generated conversation titles through the real worker and the tiny model: after the first answer the first
// words give way to a short generated title; a member's rename wins before and after; a title model that fails
// leaves the first words.
import fs from "node:fs/promises";
import path from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/testkit/accounts";
import { type HearthClient, readEvents } from "@/testkit/client";
import { setUpFamily, startChat } from "@/testkit/family";
import { type Stack, startStack, TEST_MODEL_FILE } from "@/testkit/stack";

let stack: Stack;
let admin: HearthClient;
let alice: HearthClient;
let redis: Redis;
let titleQueue: Queue;

async function titleOf(conversationId: string): Promise<string> {
  const [row] = await sql<{ title: string }>(stack, `SELECT title FROM "Conversation" WHERE id = $1`, [conversationId]);
  if (!row) throw new Error(`no conversation ${conversationId}`);
  return row.title;
}

/** The worker's verdict on a conversation's title job ("titled", "named", "failed" …), from its log. */
async function titleResult(conversationId: string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const line = stack
      .output()
      .worker.split("\n")
      .find((l) => l.includes(conversationId) && l.includes('"msg":"title: '));
    const result = line?.match(/"msg":"title: (\w+)"/)?.[1];
    if (result) return result;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no title result for ${conversationId}`);
}

async function answered(client: HearthClient, content: string): Promise<string> {
  const { conversationId, generationId } = await startChat(client, content);
  const events = await readEvents(client, generationId);
  expect(events.at(-1)?.data.type).toBe("done");
  return conversationId;
}

async function rename(client: HearthClient, conversationId: string, title: string): Promise<void> {
  const { status } = await client.json(`/api/conversations/${conversationId}`, { title }, "PATCH");
  expect(status).toBe(200);
}

beforeAll(async () => {
  stack = await startStack();
  const family = await setUpFamily(stack, ["Alice"]);
  admin = family.admin;
  alice = family.members[0] as HearthClient;
  redis = new Redis(stack.env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
  titleQueue = new Queue("title", { connection: redis, prefix: stack.env.HEARTH_REDIS_PREFIX });
}, 180_000);

afterAll(async () => {
  await titleQueue?.close();
  redis?.disconnect();
  await stack?.stop();
});

describe("generated titles", () => {
  it("replace the first words after the first answer with a short, single-line title", { timeout: 120_000 }, async () => {
    const first = "How do I bake sourdough bread at home with a starter?";
    const conversationId = await answered(alice, first);
    expect(await titleResult(conversationId)).toBe("titled");
    const title = await titleOf(conversationId);
    expect(title).not.toBe(first);
    expect(title.trim().length).toBeGreaterThan(0);
    expect(title.length).toBeLessThanOrEqual(60);
    expect(title).not.toMatch(/[\n\r]/);
    // The sidebar's list serves it as it is (plain text; the page escapes it).
    const { data } = await alice.json<{ conversations: { id: string; title: string }[] }>("/api/conversations");
    expect(data.conversations.find((c) => c.id === conversationId)?.title).toBe(title);
  });

  it("never replace a name the member gave before the title job ran", { timeout: 120_000 }, async () => {
    await titleQueue.pause();
    try {
      const conversationId = await answered(alice, "What is the capital of France?");
      // The job was asked for (its id is the conversation's) and waits behind the paused queue.
      await expect.poll(async () => Boolean(await titleQueue.getJob(`title-${conversationId}`)), { timeout: 20_000 }).toBe(true);
      await rename(alice, conversationId, "Paris trip");
      await titleQueue.resume();
      expect(await titleResult(conversationId)).toBe("named");
      expect(await titleOf(conversationId)).toBe("Paris trip");
    } finally {
      await titleQueue.resume();
    }
  });

  it("never replace a name the member gave after the title arrived, nor ask again for a later answer", { timeout: 120_000 }, async () => {
    const conversationId = await answered(alice, "Tell me about hedgehogs");
    expect(await titleResult(conversationId)).toBe("titled");
    await rename(alice, conversationId, "Hedgehogs");
    const second = await alice.json<{ generationId: string }>(`/api/conversations/${conversationId}/messages`, {
      content: "And their diet?",
    });
    expect(second.status).toBe(201);
    expect((await readEvents(alice, second.data.generationId)).at(-1)?.data.type).toBe("done");
    await new Promise((r) => setTimeout(r, 1000));
    expect(await titleOf(conversationId)).toBe("Hedgehogs");
    const results = stack
      .output()
      .worker.split("\n")
      .filter((l) => l.includes(conversationId) && l.includes('"msg":"title: '));
    expect(results).toHaveLength(1);
  });

  it("are not made for conversations that start through /v1 (hidden, and the caller named nothing)", { timeout: 120_000 }, async () => {
    const key = await alice.json<{ secret: string }>("/api/account/api-keys", { name: "titles" });
    expect(key.status).toBe(201);
    const question = "Name three rivers in Europe";
    const response = await fetch(`${stack.baseUrl}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.data.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "Tiny", messages: [{ role: "user", content: question }] }),
    });
    expect(response.status).toBe(200);
    const [row] = await sql<{ id: string; title: string }>(stack, `SELECT id, title FROM "Conversation" WHERE "fromApi"`);
    if (!row) throw new Error("no /v1 conversation");
    // A web answer after it is titled: by then the worker had every chance to title the /v1 one too.
    expect(await titleResult(await answered(alice, "One more question about rivers"))).toBe("titled");
    expect(await titleOf(row.id)).toBe(row.title);
    expect(stack.output().worker).not.toContain(`"conversationId":"${row.id}"`);
  });

  it("keep the first words when the admin's title model fails to load", { timeout: 120_000 }, async () => {
    const broken = "titles/broken.gguf";
    await fs.mkdir(path.join(stack.modelsDir, "titles"), { recursive: true });
    await fs.copyFile(path.join(stack.modelsDir, TEST_MODEL_FILE), path.join(stack.modelsDir, broken));
    const model = await admin.json<{ model: { id: string } }>("/api/admin/models", { name: "Title model", filePath: broken });
    expect(model.status).toBe(201);
    const set = await admin.json<{ settings: { titleModelId: string | null } }>(
      "/api/admin/settings",
      { titleModelId: model.data.model.id },
      "PUT",
    );
    expect(set.data.settings.titleModelId).toBe(model.data.model.id);
    // Replaced after it was registered: it no longer loads.
    await fs.writeFile(path.join(stack.modelsDir, broken), "<html>not a model</html>");
    try {
      const first = "Why is the sky blue?";
      const conversationId = await answered(alice, first);
      expect(await titleResult(conversationId)).toBe("failed");
      expect(await titleOf(conversationId)).toBe(first);
      expect(stack.output().worker).toContain("no title generated; the first words stay");
    } finally {
      await admin.json("/api/admin/settings", { titleModelId: null }, "PUT");
    }
  });
});
