// Children's limits over HTTP, checked when a message is sent and again by the worker before it answers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeFailure } from "@/lib/i18n/failure";
import { addPerson, sql } from "../support/accounts";
import { type HearthClient, readEvents } from "../support/client";
import { setUpFamily, startChat } from "../support/family";
import { type Stack, startStack, TEST_MODEL_FILE } from "../support/stack";

let stack: Stack;
let admin: HearthClient;
let child: { id: string; email: string; client: HearthClient };
let tiny: string;
let other: string;

const clock = (d: Date) => `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;

/** Allowed hours that start two hours from now and last one hour: now is outside them. */
function hoursExcludingNow() {
  const from = new Date(Date.now() + 2 * 3600_000);
  return { from: clock(from), until: clock(new Date(from.getTime() + 3600_000)) };
}

async function setLimits(userId: string, limits: Record<string, unknown>) {
  const saved = await admin.json(`/api/admin/users/${userId}/limits`, limits, "PUT");
  expect(saved.status).toBe(200);
}

async function refused(body: Record<string, unknown>) {
  const sent = await child.client.json<{ error: { code: string; message: string } }>("/api/conversations", body);
  expect(sent.status).toBe(403);
  expect(sent.data.error.code).toBe("limit_reached");
  return sent.data.error.message;
}

beforeAll(async () => {
  stack = await startStack({ worker: true });
  ({ admin } = await setUpFamily(stack, []));
  const models = await admin.json<{ models: { id: string }[] }>("/api/models");
  tiny = models.data.models[0]?.id ?? "";
  const second = await admin.json<{ model: { id: string } }>("/api/admin/models", { name: "Tiny too", filePath: TEST_MODEL_FILE });
  other = second.data.model.id;
  child = await addPerson(stack, admin, "Kid", "child");
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe("a child's limits at send time", () => {
  it("model: only the allowed models answer", async () => {
    await setLimits(child.id, { allowedModelIds: [other] });
    expect(await refused({ content: "hi", modelId: tiny })).toMatch(/This model isn't available to you/);
    const { generationId: messageId } = await startChat(child.client, "hi", other);
    expect((await readEvents(child.client, messageId)).at(-1)?.data.type).toBe("done");
  });

  it("hours: outside them the child is told when chat opens again", async () => {
    const hours = hoursExcludingNow();
    await setLimits(child.id, { allowedHours: hours });
    const message = await refused({ content: "hi" });
    expect(message).toContain("outside your chat hours");
    expect(message).toContain(`You can chat again at ${hours.from}`);
  });

  it("budget: once today's tokens are used, sending waits for tomorrow, even after deleting the chats", async () => {
    await setLimits(child.id, { dailyTokenBudget: 1 });
    expect(await refused({ content: "hi" })).toMatch(/used up today's chat allowance.*tomorrow/);
    const list = await child.client.json<{ conversations: { id: string }[] }>("/api/conversations");
    expect(list.data.conversations.length).toBeGreaterThan(0);
    for (const c of list.data.conversations) {
      expect((await child.client.json(`/api/conversations/${c.id}`, undefined, "DELETE")).status).toBe(200);
    }
    expect(await refused({ content: "hi" })).toMatch(/used up today's chat allowance/);
    await setLimits(child.id, { dailyTokenBudget: 1_000_000 });
    expect((await startChat(child.client, "hi again")).generationId).toBeTruthy();
  });

  it("applies to child accounts only", async () => {
    const member = await addPerson(stack, admin, "Grown");
    await setLimits(member.id, { allowedHours: hoursExcludingNow(), dailyTokenBudget: 0 });
    expect((await startChat(member.client, "hello")).generationId).toBeTruthy();
  });

  it("a child cannot see or change their own limits", async () => {
    expect((await child.client.json(`/api/admin/users/${child.id}/limits`, { dailyTokenBudget: null }, "PUT")).status).toBe(403);
    expect((await child.client.json("/api/admin/users")).status).toBe(403);
  });
});

describe("half a range of chat hours", () => {
  it("is refused with a message that says to set both ends, and the hours saved before stay", async () => {
    const hours = hoursExcludingNow();
    await setLimits(child.id, { allowedHours: hours });
    for (const half of [{ from: "", until: "20:00" }, { until: "20:00" }, { from: "07:30", until: "" }]) {
      const saved = await admin.json<{ error: { key: string; message: string } }>(
        `/api/admin/users/${child.id}/limits`,
        { allowedHours: half },
        "PUT",
      );
      expect(saved.status).toBe(400);
      expect(saved.data.error.key).toBe("hoursIncomplete");
      expect(saved.data.error.message).toMatch(/Set both "Chat from" and "Chat until"/);
    }
    expect(await refused({ content: "hi" })).toContain("outside your chat hours");
    await setLimits(child.id, { allowedHours: { from: "", until: "" } });
    expect((await startChat(child.client, "hours cleared")).generationId).toBeTruthy();
  });
});

describe("a child's limits in the worker", () => {
  it("a message queued in time fails with the reason once its hour has passed, and never runs", async () => {
    await setLimits(child.id, {});
    await stack.stopWorker();
    const { generationId: messageId } = await startChat(child.client, "queued before bedtime");
    const hours = hoursExcludingNow();
    await setLimits(child.id, { allowedHours: hours });
    await stack.startWorker();
    const events = await readEvents(child.client, messageId);
    expect(events.some((e) => e.data.type === "token")).toBe(false);
    expect(events.at(-1)?.data).toMatchObject({ type: "failed" });
    // The reason carries the hours, so the child reads "outside your chat hours (from–until)" in their language.
    expect(decodeFailure(String(events.at(-1)?.data.error))).toEqual({
      key: "childOutsideHours",
      values: hours,
    });
    await setLimits(child.id, {});
  });

  it("starts every answer with the hidden system prompt, which the child never sees", async () => {
    await setLimits(child.id, {});
    const plain = await startChat(child.client, "same question");
    await readEvents(child.client, plain.generationId);
    const secret = "Speak gently and never discuss scary topics. ".repeat(8);
    await setLimits(child.id, { systemPrompt: secret });
    const guided = await startChat(child.client, "same question");
    await readEvents(child.client, guided.generationId);
    const rows = await sql<{ id: string; promptTokens: number }>(stack, `SELECT id, "promptTokens" FROM "Message" WHERE id = ANY($1)`, [
      [plain.generationId, guided.generationId],
    ]);
    const tokens = (id: string) => rows.find((r) => r.id === id)?.promptTokens ?? 0;
    expect(tokens(guided.generationId)).toBeGreaterThan(tokens(plain.generationId) + 50);
    const seen = await child.client.json(`/api/conversations/${guided.conversationId}`);
    expect(JSON.stringify(seen.data)).not.toContain("Speak gently");
  });
});
