// The limits a member or a child is held to, tried the way a determined one would: deleting chats while they
// answer, sending many at once, picking models through every door. Over HTTP against the built app, with the
// real worker, PostgreSQL and Redis.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeFailure } from "@/lib/i18n/failure";
import { addPerson, sql } from "@/testkit/accounts";
import { type HearthClient, readEvents } from "@/testkit/client";
import { setUpFamily, startChat } from "@/testkit/family";
import { installSlowModel } from "@/testkit/models";
import { type Stack, startStack, TEST_MODEL_FILE } from "@/testkit/stack";

let stack: Stack;
let admin: HearthClient;
let tiny: string;
let slow: string;
const QUEUE_CAP = 10;
const STREAM_CAP = 4;
const MAX_OUTPUT = 200;

beforeAll(async () => {
  stack = await startStack({
    worker: true,
    extraEnv: {
      HEARTH_MAX_QUEUED_PER_MEMBER: String(QUEUE_CAP),
      HEARTH_SSE_PER_USER: String(STREAM_CAP),
      HEARTH_MAX_OUTPUT_TOKENS: String(MAX_OUTPUT),
      HEARTH_WORKER_SEQUENCES: "4",
    },
  });
  ({ admin } = await setUpFamily(stack, []));
  const models = await admin.json<{ models: { id: string }[] }>("/api/models");
  tiny = models.data.models[0]?.id ?? "";
  slow = await installSlowModel(stack.modelsDir, admin);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

async function setLimits(userId: string, limits: Record<string, unknown>) {
  expect((await admin.json(`/api/admin/users/${userId}/limits`, limits, "PUT")).status).toBe(200);
}

type Frame = { type: string; [key: string]: unknown };

/**
 * Reads an event stream's frames, handing each to `onFrame`, until it ends, `onFrame` says it has seen enough, or
 * `idleMs()` pass without a frame (a model may take seconds to load before its first token).
 */
async function readFrames(
  response: Response,
  onFrame: (frame: Frame) => Promise<boolean | undefined> | boolean | undefined,
  idleMs: () => number,
): Promise<void> {
  const reader = response.body?.getReader();
  if (!reader) throw new Error("no body");
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const next = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), idleMs()))]);
    if (!next || next.done) break;
    buffer += decoder.decode(next.value, { stream: true });
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const data = buffer
        .slice(0, end)
        .split("\n")
        .filter((line) => line.startsWith("data: "))
        .map((line) => line.slice(6))
        .join("");
      buffer = buffer.slice(end + 2);
      if (data && (await onFrame(JSON.parse(data) as Frame))) {
        await reader.cancel().catch(() => {});
        return;
      }
    }
  }
  await reader.cancel().catch(() => {});
}

function postStreaming(client: HearthClient, path: string, body: unknown, signal?: AbortSignal) {
  return client.fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify(body),
    signal,
  });
}

describe("a child's budget", () => {
  it("counts the tokens of answers whose chats were deleted mid-answer, and refuses once they use the budget", async () => {
    const kid = await addPerson(stack, admin, "Budgetkid", "child");
    const budget = 300;
    await setLimits(kid.id, { dailyTokenBudget: budget });
    const answers: { generationId: string; tokenEvents: number; chars: number; endedBeforeDelete: boolean }[] = [];
    let refusal: { status: number; message: string } | null = null;
    for (let send = 0; send < 25 && !refusal; send++) {
      const controller = new AbortController();
      const response = await postStreaming(
        kid.client,
        "/api/conversations",
        { content: `tell me a story ${send}`, modelId: slow },
        controller.signal,
      );
      if (response.status !== 201) {
        const body = (await response.json()) as { error: { code: string; message: string } };
        expect(body.error, `send ${send} refused`).toMatchObject({ code: "limit_reached" });
        refusal = { status: response.status, message: body.error.message };
        break;
      }
      const answer = { generationId: "", tokenEvents: 0, chars: 0, endedBeforeDelete: false };
      let deleted = false;
      await readFrames(
        response,
        async (frame) => {
          if (frame.type === "sent") answer.generationId = String(frame.generationId);
          if (frame.type === "token") {
            answer.tokenEvents++;
            answer.chars += String(frame.text).length;
          }
          if (["done", "stopped", "failed"].includes(frame.type) && !deleted) answer.endedBeforeDelete = true;
          if (frame.type === "token" && answer.tokenEvents >= 2 && !deleted) {
            deleted = true;
            const conversationId = (
              await sql<{ conversationId: string }>(stack, `SELECT "conversationId" FROM "Message" WHERE id = $1`, [answer.generationId])
            )[0]?.conversationId;
            expect((await kid.client.json(`/api/conversations/${conversationId}`, undefined, "DELETE")).status).toBe(200);
          }
          return false;
        },
        // After the delete: what was already on its way, then nothing more comes (the answer no longer exists).
        () => (deleted ? 1500 : 30_000),
      );
      controller.abort();
      answers.push(answer);
    }
    expect(refusal?.status).toBe(403);
    expect(refusal?.message).toMatch(/used up today's chat allowance/);
    expect(answers.some((a) => !a.endedBeforeDelete)).toBe(true);
    // Every attempt settles once its worker stops it; then what the usage figures show is what was spent.
    let rows: { generationId: string; promptTokens: number; outputTokens: number; settled: boolean }[] = [];
    for (let wait = 0; wait < 50; wait++) {
      rows = await sql(stack, `SELECT "generationId", "promptTokens", "outputTokens", settled FROM "TokenUse" WHERE "userId" = $1`, [
        kid.id,
      ]);
      if (rows.length === answers.length && rows.every((r) => r.settled)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(rows).toHaveLength(answers.length);
    expect(rows.every((r) => r.settled)).toBe(true);
    for (const answer of answers) {
      const row = rows.find((r) => r.generationId === answer.generationId);
      // A token event carries at least one token: the count can only be higher.
      expect(row?.outputTokens ?? 0).toBeGreaterThanOrEqual(answer.tokenEvents);
      expect(row?.promptTokens ?? 0).toBeGreaterThan(0);
    }
    const counted = rows.reduce((sum, r) => sum + r.promptTokens + r.outputTokens, 0);
    const usage = await admin.json<{ usage: { userId: string; messages: number; tokens: number }[] }>("/api/admin/usage?days=1");
    const today = usage.data.usage.find((u) => u.userId === kid.id);
    expect(today?.messages).toBe(answers.length);
    expect(today?.tokens).toBe(counted);
    expect(counted).toBeGreaterThanOrEqual(budget);
    const output = rows.reduce((sum, r) => sum + r.outputTokens, 0);
    const streamedEvents = answers.reduce((sum, a) => sum + a.tokenEvents, 0);
    const streamedChars = answers.reduce((sum, a) => sum + a.chars, 0);
    console.log(
      `[figure] tokens counted vs streamed: ${answers.length} sends (each chat deleted mid-answer: ${answers.filter((a) => !a.endedBeforeDelete).length}), ` +
        `usage shows ${today?.tokens} tokens (${output} output + ${counted - output} prompt) for ${streamedEvents} token events / ${streamedChars} characters streamed; next send ${refusal?.status}`,
    );
  }, 240_000);

  it("answers starting at once for a child cannot all fit the same budget: one runs, the rest fail with the reason", async () => {
    const kid = await addPerson(stack, admin, "Parallelkid", "child");
    await setLimits(kid.id, { dailyTokenBudget: 1 });
    await stack.stopWorker();
    const queued: string[] = [];
    try {
      for (let i = 0; i < 4; i++) queued.push((await startChat(kid.client, `at once ${i}`, tiny)).generationId);
    } finally {
      await stack.startWorker();
    }
    const finals = await Promise.all(queued.map(async (id) => (await readEvents(kid.client, id)).at(-1)?.data));
    const answered = finals.filter((f) => f?.type === "done" || f?.type === "stopped");
    const refused = finals.filter((f) => f?.type === "failed" && decodeFailure(String(f.error))?.key === "childBudgetUsed");
    console.log(
      `[figure] answers started at once on a budget of 1 token: ${answered.length} ran, ${refused.length} refused of ${finals.length}`,
    );
    expect(answered.length).toBe(1);
    expect(refused.length).toBe(3);
  }, 120_000);
});

describe("a worker that dies mid-answer", () => {
  it("leaves the attempt's reservation counted: never fewer tokens than were streamed", async () => {
    const kid = await addPerson(stack, admin, "Crashkid", "child");
    await setLimits(kid.id, { dailyTokenBudget: 1_000_000 });
    const controller = new AbortController();
    let generationId = "";
    let tokenEvents = 0;
    let killed = false;
    try {
      const response = await postStreaming(kid.client, "/api/conversations", { content: "a long story", modelId: slow }, controller.signal);
      expect(response.status).toBe(201);
      await readFrames(
        response,
        async (frame) => {
          if (frame.type === "sent") generationId = String(frame.generationId);
          if (frame.type === "token") tokenEvents++;
          if (tokenEvents >= 2 && !killed) {
            killed = true;
            await stack.stopWorker("SIGKILL");
          }
          return killed;
        },
        () => 30_000,
      );
    } finally {
      controller.abort();
    }
    expect(killed).toBe(true);
    const [row] = await sql<{ outputTokens: number; settled: boolean }>(
      stack,
      `SELECT "outputTokens", settled FROM "TokenUse" WHERE "generationId" = $1`,
      [generationId],
    );
    const usage = await admin.json<{ usage: { userId: string; tokens: number }[] }>("/api/admin/usage?days=1");
    const counted = usage.data.usage.find((u) => u.userId === kid.id)?.tokens ?? 0;
    await stack.startWorker();
    console.log(`[figure] worker killed mid-answer: ${tokenEvents} token events streamed, ${counted} tokens counted (the reservation)`);
    expect(row?.settled).toBe(false);
    expect(row?.outputTokens).toBe(MAX_OUTPUT);
    expect(counted).toBeGreaterThanOrEqual(Math.max(tokenEvents, 1));
  }, 120_000);
});

describe("parallel sends", () => {
  it(`of 40 sends at once by one member exactly ${QUEUE_CAP} are stored, the rest are told to wait (429)`, async () => {
    const member = await addPerson(stack, admin, "Burst");
    await stack.stopWorker();
    try {
      const sends = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          member.client.json<{ error?: { code: string } }>("/api/conversations", { content: `burst ${i}`, modelId: tiny }),
        ),
      );
      const accepted = sends.filter((s) => s.status === 201).length;
      const tooMany = sends.filter((s) => s.status === 429).length;
      console.log(`[figure] sends accepted of 40: ${accepted} (429: ${tooMany}, other: ${40 - accepted - tooMany})`);
      expect(accepted).toBe(QUEUE_CAP);
      expect(tooMany).toBe(40 - QUEUE_CAP);
      const [stored] = await sql<{ n: number }>(
        stack,
        `SELECT count(*)::int AS n FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId" WHERE c."userId" = $1 AND m.role = 'assistant'`,
        [member.id],
      );
      expect(stored?.n).toBe(QUEUE_CAP);
    } finally {
      await stack.startWorker();
    }
  }, 120_000);

  it(`streams opened by sends count against the per-member stream cap (${STREAM_CAP}); a refused one stores nothing`, async () => {
    const member = await addPerson(stack, admin, "Streamer");
    await stack.stopWorker();
    const controllers = Array.from({ length: STREAM_CAP + 2 }, () => new AbortController());
    try {
      const responses = await Promise.all(
        controllers.map((c, i) => postStreaming(member.client, "/api/conversations", { content: `stream ${i}`, modelId: tiny }, c.signal)),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([...Array(STREAM_CAP).fill(201), 429, 429]);
      const [stored] = await sql<{ n: number }>(stack, `SELECT count(*)::int AS n FROM "Conversation" WHERE "userId" = $1`, [member.id]);
      expect(stored?.n).toBe(STREAM_CAP);
      // A stream that ends gives its place back.
      for (const c of controllers) c.abort();
      await new Promise((r) => setTimeout(r, 500));
      const again = await postStreaming(member.client, "/api/conversations", { content: "after the others closed", modelId: tiny });
      expect(again.status).toBe(201);
      await again.body?.cancel();
    } finally {
      for (const c of controllers) c.abort();
      await stack.startWorker();
    }
  }, 120_000);
});

describe("a child's models", () => {
  const forbiddenName = "Forbidden model kR4tW9mXq2Lz7Hc";
  let forbidden: string;
  let kid: { id: string; client: HearthClient };

  beforeAll(async () => {
    const registered = await admin.json<{ model: { id: string } }>("/api/admin/models", { name: forbiddenName, filePath: TEST_MODEL_FILE });
    forbidden = registered.data.model.id;
    kid = await addPerson(stack, admin, "Modelkid", "child");
  });

  it("the conversation page lists only the models the child may use", async () => {
    await setLimits(kid.id, { allowedModelIds: [tiny] });
    const { conversationId, generationId } = await startChat(kid.client, "hello", tiny);
    await readEvents(kid.client, generationId);
    const page = await kid.client.fetch(`/c/${conversationId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Tiny");
    expect(html).not.toContain(forbiddenName);
  }, 60_000);

  it("switching a conversation to a model the child may not use is refused, and nothing changes", async () => {
    await setLimits(kid.id, { allowedModelIds: [tiny] });
    const { conversationId, generationId } = await startChat(kid.client, "hello", tiny);
    await readEvents(kid.client, generationId);
    const patched = await kid.client.json<{ error: { code: string } }>(
      `/api/conversations/${conversationId}`,
      { modelId: forbidden },
      "PATCH",
    );
    expect(patched.status).toBe(403);
    expect(patched.data.error.code).toBe("limit_reached");
    const [row] = await sql<{ modelId: string }>(stack, `SELECT "modelId" FROM "Conversation" WHERE id = $1`, [conversationId]);
    expect(row?.modelId).toBe(tiny);
  }, 60_000);

  it("regenerate checks the model it will run (the conversation's), not the old answer's", async () => {
    await setLimits(kid.id, {});
    const { conversationId, generationId } = await startChat(kid.client, "hello", tiny);
    await readEvents(kid.client, generationId);
    // Allowed when switched; then the parent narrows the list.
    expect((await kid.client.json(`/api/conversations/${conversationId}`, { modelId: forbidden }, "PATCH")).status).toBe(200);
    await setLimits(kid.id, { allowedModelIds: [tiny] });
    const again = await kid.client.json<{ error: { code: string } }>(`/api/generations/${generationId}/regenerate`, {});
    expect(again.status).toBe(403);
    expect(again.data.error.code).toBe("limit_reached");
    const [count] = await sql<{ n: number }>(
      stack,
      `SELECT count(*)::int AS n FROM "Message" WHERE "conversationId" = $1 AND role = 'assistant'`,
      [conversationId],
    );
    expect(count?.n).toBe(1);
  }, 60_000);
});
