// The OpenAI-compatible /v1 API, driven by the official `openai` client against a real stack: keys act as
// their person (models, limits, usage), answers are what the worker stored, and a caller that goes away
// stops its generation.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPerson, sql } from "@/testkit/accounts";
import type { HearthClient } from "@/testkit/client";
import { setUpFamily } from "@/testkit/family";
import { fetchFrom } from "@/testkit/local-address";
import { installSlowModel } from "@/testkit/models";
import { type Stack, startStack } from "@/testkit/stack";

let stack: Stack;
let admin: HearthClient;
let alice: { id: string; email: string; client: HearthClient };
let kid: { id: string; email: string; client: HearthClient };
let aliceKey: string;
let tinyId: string;

const QUEUE_CAP = 2;

async function makeKey(person: HearthClient, body: Record<string, unknown> = { name: "test key" }) {
  const made = await person.json<{ key: { id: string; prefix: string }; secret: string }>("/api/account/api-keys", body);
  return { status: made.status, ...made.data };
}

/**
 * One client per key; no retries, so a 429 or 503 reaches the test as it was answered. `from`: another local
 * address (127.0.0.x) to call from, standing for another machine: the server believes no forwarded header.
 */
function openai(apiKey: string, options: { from?: string } = {}) {
  const { from } = options;
  return new OpenAI({
    apiKey,
    baseURL: `${stack.baseUrl}/v1`,
    maxRetries: 0,
    timeout: 60_000,
    ...(from ? { fetch: (url: RequestInfo | URL, init?: RequestInit) => fetchFrom(from, String(url), init) } : {}),
  });
}

async function storedGeneration(completionId: string) {
  const rows = await sql<{ content: string; status: string; promptTokens: number; outputTokens: number; finishReason: string | null }>(
    stack,
    `SELECT content, status, "promptTokens", "outputTokens", "finishReason" FROM "Message" WHERE id = $1`,
    [completionId.replace(/^chatcmpl-/, "")],
  );
  return rows[0];
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  stack = await startStack({ worker: true, extraEnv: { HEARTH_MAX_OUTPUT_TOKENS: "48", HEARTH_MAX_QUEUED_PER_MEMBER: String(QUEUE_CAP) } });
  ({ admin } = await setUpFamily(stack, []));
  const models = await admin.json<{ models: { id: string }[] }>("/api/models");
  tinyId = models.data.models[0]?.id ?? "";
  await installSlowModel(stack.modelsDir, admin);
  alice = await addPerson(stack, admin, "Alice");
  kid = await addPerson(stack, admin, "Kid", "child");
  const made = await makeKey(alice.client, { name: "Alice's editor" });
  expect(made.status).toBe(201);
  aliceKey = made.secret;
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

describe("keys", () => {
  it("are shown once: lists (the person's and the admin's) never hold the secret or its hash", async () => {
    const made = await makeKey(alice.client, { name: "phone-8f3kq2m9x7w1v4zt" });
    expect(made.secret).toMatch(/^hearth-[A-Za-z0-9_-]{43}$/);
    expect(made.secret.startsWith(made.key.prefix)).toBe(true);
    const own = await alice.client.json<{ keys: Record<string, unknown>[] }>("/api/account/api-keys");
    const all = await admin.json<{ keys: (Record<string, unknown> & { owner: { name: string } })[] }>("/api/admin/api-keys");
    for (const text of [JSON.stringify(own.data), JSON.stringify(all.data)]) {
      expect(text).toContain("phone-8f3kq2m9x7w1v4zt");
      expect(text).not.toContain(made.secret);
      expect(text).not.toContain(made.secret.slice(12));
      expect(text).not.toMatch(/secretHash|[0-9a-f]{64}/);
    }
    expect(all.data.keys.find((k) => k.name === "phone-8f3kq2m9x7w1v4zt")?.owner.name).toBe("Alice");
  });

  it("a revoked, an expired and an unknown key all get the same 401", async () => {
    const revoked = await makeKey(alice.client);
    expect((await alice.client.fetch(`/api/account/api-keys/${revoked.key.id}`, { method: "DELETE" })).status).toBe(204);
    const expired = await makeKey(alice.client, { name: "expiring", expiresInDays: 1 });
    await sql(stack, `UPDATE "ApiKey" SET "expiresAt" = now() - interval '1 minute' WHERE id = $1`, [expired.key.id]);
    const unknown = `hearth-${"Q".repeat(43)}`;
    const answers: unknown[] = [];
    for (const secret of [revoked.secret, expired.secret, unknown]) {
      const error = await openai(secret, { from: "127.0.0.76" })
        .models.list()
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      answers.push((error as InstanceType<typeof OpenAI.AuthenticationError>).error);
    }
    expect(answers[0]).toEqual(answers[2]);
    expect(answers[1]).toEqual(answers[2]);
    expect(answers[2]).toMatchObject({ type: "authentication_error", code: "invalid_api_key", param: null });
  });

  it("another person cannot revoke a key (404), the admin can", async () => {
    const made = await makeKey(alice.client);
    expect((await kid.client.fetch(`/api/account/api-keys/${made.key.id}`, { method: "DELETE" })).status).toBe(404);
    await openai(made.secret).models.list();
    expect((await admin.fetch(`/api/admin/api-keys/${made.key.id}`, { method: "DELETE" })).status).toBe(204);
    await expect(openai(made.secret).models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it("a session cookie does not work on /v1", async () => {
    const list = await alice.client.json<{ error: { code: string; message: string } }>("/v1/models");
    expect(list.status).toBe(401);
    expect(list.data.error.message).toContain("Authorization: Bearer");
    const post = await alice.client.json<{ error: { code: string } }>("/v1/chat/completions", {
      model: "Tiny",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(post.status).toBe(401);
    expect(post.data.error.code).toBe("invalid_api_key");
  });

  it("wrong keys from one address are slowed with 429 and Retry-After; a valid key from elsewhere still works", async () => {
    const guesser = openai(`hearth-${"x".repeat(43)}`, { from: "127.0.0.77" });
    let limited: InstanceType<typeof OpenAI.RateLimitError> | null = null;
    for (let i = 0; i < 30 && !limited; i++) {
      const error = await guesser.models.list().then(
        () => null,
        (e: unknown) => e,
      );
      if (error instanceof OpenAI.RateLimitError) limited = error;
      else expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    }
    expect(limited).not.toBeNull();
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await openai(aliceKey, { from: "127.0.0.78" }).models.list()).data.length).toBeGreaterThan(0);
  });
});

describe("models", () => {
  it("lists the person's models by display name and finds one by name or by id", async () => {
    const client = openai(aliceKey);
    const ids = (await client.models.list()).data.map((m) => m.id).sort();
    expect(ids).toEqual(["Slow", "Tiny"]);
    expect((await client.models.retrieve("Tiny")).id).toBe("Tiny");
    expect((await client.models.retrieve(tinyId)).id).toBe("Tiny");
    await expect(client.models.retrieve("no-such-model-4kq8z")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe("chat completions", () => {
  it("answers with the text the worker stored, its usage and finish reason", async () => {
    const completion = await openai(aliceKey).chat.completions.create({
      model: "Tiny",
      messages: [{ role: "user", content: "Say something, plain-7c1f0e9d2b8a4" }],
      max_tokens: 12,
      temperature: 0,
    });
    const stored = await storedGeneration(completion.id);
    const choice = completion.choices[0];
    expect(stored?.status).toBe("done");
    expect(choice?.message.content).toBe(stored?.content);
    expect(completion.model).toBe("Tiny");
    expect(completion.usage).toEqual({
      prompt_tokens: stored?.promptTokens,
      completion_tokens: stored?.outputTokens,
      total_tokens: (stored?.promptTokens ?? 0) + (stored?.outputTokens ?? 0),
    });
    expect(completion.usage?.completion_tokens).toBeLessThanOrEqual(12);
    expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(choice?.finish_reason).toBe(stored?.finishReason);
    expect(["stop", "length"]).toContain(choice?.finish_reason);
  });

  it("streams chunks that add up to the stored text, then the finish reason, usage and [DONE]", async () => {
    const stream = await openai(aliceKey).chat.completions.create({
      model: "Tiny",
      messages: [{ role: "user", content: "Stream something, sse-3e9a7b1c5d0f2" }],
      stream: true,
      stream_options: { include_usage: true },
      max_completion_tokens: 20,
    });
    let text = "";
    let id = "";
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined = null;
    let chunks = 0;
    for await (const chunk of stream) {
      id = chunk.id;
      chunks++;
      text += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    const stored = await storedGeneration(id);
    expect(chunks).toBeGreaterThan(2);
    expect(text).toBe(stored?.content);
    expect(text.length).toBeGreaterThan(0);
    expect(finish).toBe(stored?.finishReason);
    expect(usage).toMatchObject({ prompt_tokens: stored?.promptTokens, completion_tokens: stored?.outputTokens });
  });

  it("seed repeats an answer and stop ends it where the stop text would begin", async () => {
    const client = openai(aliceKey);
    const ask = { model: "Tiny", messages: [{ role: "user" as const, content: "seed-and-stop-6a1e9f3c7b2d" }], temperature: 1, seed: 4242 };
    const first = (await client.chat.completions.create(ask)).choices[0]?.message.content ?? "";
    const again = (await client.chat.completions.create(ask)).choices[0]?.message.content ?? "";
    expect(again).toBe(first);
    expect(first.length).toBeGreaterThan(20);
    const stop = first.slice(10, 16);
    const cut = await client.chat.completions.create({ ...ask, stop: [stop] });
    expect(cut.choices[0]?.message.content).toBe(first.slice(0, first.indexOf(stop)));
    expect(cut.choices[0]?.finish_reason).toBe("stop");
  });

  it("response_format json_schema: the answer parses and fits the schema; json_object parses", async () => {
    const client = openai(aliceKey);
    const schema = {
      type: "object",
      properties: { color: { enum: ["red", "green", "blue"] }, bright: { type: "boolean" } },
      required: ["color", "bright"],
      additionalProperties: false,
    };
    const shaped = await client.chat.completions.create({
      model: "Tiny",
      messages: [{ role: "user", content: "Pick a color, json-schema-2f8c4e6a1d9b" }],
      response_format: { type: "json_schema", json_schema: { name: "pick", schema, strict: true } },
      max_tokens: 48,
    });
    const parsed = JSON.parse(shaped.choices[0]?.message.content ?? "");
    expect(Object.keys(parsed).sort()).toEqual(["bright", "color"]);
    expect(["red", "green", "blue"]).toContain(parsed.color);
    expect(typeof parsed.bright).toBe("boolean");
    const loose = await client.chat.completions.create({
      model: "Tiny",
      messages: [{ role: "user", content: "Any JSON, json-object-8b3d1f7e5a2c" }],
      response_format: { type: "json_object" },
      max_tokens: 48,
    });
    const text = loose.choices[0]?.message.content ?? "";
    // Cut by the token limit, JSON would not parse: only a finished answer is promised to.
    if (loose.choices[0]?.finish_reason === "stop") expect(() => JSON.parse(text)).not.toThrow();
    expect(text.trimStart().startsWith("{") || text.trimStart().startsWith("[")).toBe(true);
  });

  it("keeps system and earlier turns as an API conversation, out of the sidebar unless the person shows them", async () => {
    const marker = "multi-turn-5b2d8f1a9c7e3";
    const completion = await openai(aliceKey).chat.completions.create({
      model: "Tiny",
      messages: [
        { role: "system", content: "Answer briefly." },
        { role: "user", content: `first ${marker}` },
        { role: "assistant", content: "an earlier answer" },
        { role: "user", content: "and now?" },
      ],
      max_tokens: 4,
    });
    const generationId = completion.id.replace(/^chatcmpl-/, "");
    const rows = await sql<{ role: string; content: string; fromApi: boolean; systemPrompt: string; conversationId: string }>(
      stack,
      `SELECT m.role, m.content, c."fromApi", c."systemPrompt", c.id AS "conversationId" FROM "Message" m
       JOIN "Conversation" c ON c.id = m."conversationId"
       WHERE c.id = (SELECT "conversationId" FROM "Message" WHERE id = $1) ORDER BY m."createdAt"`,
      [generationId],
    );
    expect(rows.map((r) => [r.role, r.role === "assistant" && r === rows.at(-1) ? "" : r.content])).toEqual([
      ["user", `first ${marker}`],
      ["assistant", "an earlier answer"],
      ["user", "and now?"],
      ["assistant", ""],
    ]);
    expect(rows[0]).toMatchObject({ fromApi: true, systemPrompt: "Answer briefly." });
    const listed = async () =>
      (await alice.client.json<{ conversations: { id: string }[] }>("/api/conversations")).data.conversations.map((c) => c.id);
    expect(await listed()).not.toContain(rows[0]?.conversationId);
    expect((await alice.client.json("/api/account/api-keys", { showApiConversations: true }, "PATCH")).status).toBe(200);
    expect(await listed()).toContain(rows[0]?.conversationId);
  });

  it("refuses what it cannot do in OpenAI's error shape: n > 1 (400), an unknown model (404)", async () => {
    const client = openai(aliceKey);
    const many = await client.chat.completions.create({ model: "Tiny", messages: [{ role: "user", content: "hi" }], n: 2 }).catch((e) => e);
    expect(many).toBeInstanceOf(OpenAI.BadRequestError);
    expect(many.param).toBe("n");
    const unknown = await client.chat.completions.create({ model: "gpt-9", messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect(unknown.error).toMatchObject({ type: "invalid_request_error", code: "model_not_found", param: null });
    expect(unknown.error.message).toContain("gpt-9");
  });

  it("a client that goes away mid-stream stops its generation within a second; the partial text is stored as stopped", async () => {
    const stream = await openai(aliceKey).chat.completions.create({
      model: "Slow",
      messages: [{ role: "user", content: "Tell me everything, abort-9d4c2a7e1f5b8" }],
      stream: true,
      max_tokens: 1000,
    });
    let id = "";
    let received = "";
    for await (const chunk of stream) {
      id = chunk.id;
      received += chunk.choices[0]?.delta.content ?? "";
      if (received.length > 0) break; // leaving the loop aborts the request
    }
    const abortedAt = performance.now();
    const stored = await waitFor(
      () => storedGeneration(id),
      (row) => row?.status !== "generating" && row?.status !== "queued",
    );
    const elapsed = performance.now() - abortedAt;
    console.log(`[measure] /v1 abort → generation stopped in PostgreSQL: ${elapsed.toFixed(0)} ms`);
    expect(stored?.status).toBe("stopped");
    expect(stored?.content.startsWith(received)).toBe(true);
    expect(stored?.outputTokens).toBeLessThan(1000);
    expect(elapsed).toBeLessThan(1000);
  }, 60_000);

  it("counts against the person's queue cap: 429 with Retry-After", async () => {
    const client = openai(aliceKey);
    const controllers = Array.from({ length: QUEUE_CAP }, () => new AbortController());
    const running = controllers.map((c) =>
      client.chat.completions
        .create({ model: "Slow", messages: [{ role: "user", content: "busy" }], stream: true, max_tokens: 1000 }, { signal: c.signal })
        .catch(() => null),
    );
    await Promise.all(running);
    const refused = await client.chat.completions
      .create({ model: "Tiny", messages: [{ role: "user", content: "one more" }] })
      .catch((e) => e);
    for (const c of controllers) c.abort();
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  }, 60_000);
});

describe("a child's key", () => {
  it("exists only once the admin allows children keys, and stops working when that is taken back", async () => {
    const refused = await makeKey(kid.client);
    expect(refused.status).toBe(403);
    expect((await admin.json("/api/admin/api-keys", { members: true, children: true }, "PUT")).status).toBe(200);
    const made = await makeKey(kid.client);
    expect(made.status).toBe(201);
    await openai(made.secret).models.list();
    expect((await admin.json("/api/admin/api-keys", { members: true, children: false }, "PUT")).status).toBe(200);
    await expect(openai(made.secret).models.list()).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((await admin.json("/api/admin/api-keys", { members: true, children: true }, "PUT")).status).toBe(200);
  });

  it("sees only the child's models (another model is 404), carries the hidden instructions, and hits the daily budget", async () => {
    const hidden = "Always answer kindly and never talk about scary things. ".repeat(4);
    expect(
      (
        await admin.json(
          `/api/admin/users/${kid.id}/limits`,
          { allowedModelIds: [tinyId], systemPrompt: hidden, dailyTokenBudget: null },
          "PUT",
        )
      ).status,
    ).toBe(200);
    const key = (await makeKey(kid.client)).secret;
    const child = openai(key);
    expect((await child.models.list()).data.map((m) => m.id)).toEqual(["Tiny"]);
    await expect(child.models.retrieve("Slow")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const forbidden = await child.chat.completions.create({ model: "Slow", messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect(forbidden).toBeInstanceOf(OpenAI.NotFoundError);

    const ask = { model: "Tiny", messages: [{ role: "user" as const, content: "hello there" }], max_tokens: 4 };
    const childAnswer = await child.chat.completions.create(ask);
    const memberAnswer = await openai(aliceKey).chat.completions.create(ask);
    // The hidden instructions are in the child's prompt (the caller never sees them, only their tokens).
    expect(childAnswer.usage?.prompt_tokens ?? 0).toBeGreaterThan((memberAnswer.usage?.prompt_tokens ?? 0) + 20);
    expect(JSON.stringify(childAnswer)).not.toContain("scary");

    // The API's tokens are the child's usage: a budget below what was used today refuses the next request.
    const budget = Math.max(1, (childAnswer.usage?.total_tokens ?? 1) - 1);
    await admin.json(`/api/admin/users/${kid.id}/limits`, { allowedModelIds: [tinyId], dailyTokenBudget: budget }, "PUT");
    const spent = await child.chat.completions.create(ask).catch((e) => e);
    expect(spent).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(spent.error.code).toBe("childBudgetUsed");
    const keys = await kid.client.json<{ keys: { requests: number; tokens: number }[] }>("/api/account/api-keys");
    expect(keys.data.keys.find((k) => k.requests > 0)).toMatchObject({ requests: 1, tokens: childAnswer.usage?.total_tokens });
  }, 60_000);
});
