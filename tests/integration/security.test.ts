// Holes found in a review, each shown closed over HTTP against the built app (and PostgreSQL, Redis, the worker).
import fs from "node:fs/promises";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "@/testkit/accounts";
import { HearthClient, readEvents } from "@/testkit/client";
import { setUpFamily, startChat } from "@/testkit/family";
import { installSlowModel } from "@/testkit/models";
import { type Stack, startStack, TEST_MODEL_FILE } from "@/testkit/stack";

let stack: Stack;
let admin: HearthClient;
let alice: HearthClient;
let bob: HearthClient;
let redis: Redis;
const password = "a long enough password";

beforeAll(async () => {
  stack = await startStack({
    extraEnv: {
      HEARTH_SSE_PER_USER: "4",
      HEARTH_SSE_MAX_SECONDS: "5",
      HEARTH_MAX_QUEUED_PER_MEMBER: "3",
      HEARTH_MAX_CONVERSATION_MESSAGES: "6",
      HEARTH_MAX_OUTPUT_TOKENS: "48",
    },
  });
  const family = await setUpFamily(stack, ["Alice", "Bob"]);
  admin = family.admin;
  [alice, bob] = family.members as [HearthClient, HearthClient];
  redis = new Redis(stack.env.REDIS_URL ?? "");
}, 180_000);

afterAll(async () => {
  redis?.disconnect();
  await stack?.stop();
});

describe("sign-in limits", () => {
  it("counts attempts before checking them: of 40 simultaneous wrong passwords only 5 are evaluated", async () => {
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const guesser = new HearthClient(stack.baseUrl);
        guesser.localAddress = "127.0.113.50";
        return guesser.signIn("alice@example.com", `wrong guess ${i}`);
      }),
    );
    const evaluated = guesses.filter((g) => g.error === "CredentialsSignin").length;
    const refused = guesses.filter((g) => /^locked:\d+$/.test(g.error ?? "")).length;
    expect(evaluated).toBe(5);
    expect(refused).toBe(35);
    // Not a lock: Alice, on her own address, signs in at once.
    const real = new HearthClient(stack.baseUrl);
    real.localAddress = "127.51.100.1";
    expect(await real.login("alice@example.com", password)).toBe(true);
  });

  it("limits one address across accounts, and gives the same answer for unknown emails", async () => {
    // At once, from one address: each unknown email costs a password hash (as a known one would).
    const results = await Promise.all(
      Array.from({ length: 52 }, (_, i) => {
        const roamer = new HearthClient(stack.baseUrl);
        roamer.localAddress = "127.0.113.99";
        return roamer.signIn(`nobody${i}@example.com`, "whatever it is");
      }),
    );
    expect(results.filter((r) => r.error === "CredentialsSignin")).toHaveLength(50);
    expect(results.filter((r) => /^locked:\d+$/.test(r.error ?? ""))).toHaveLength(2);
  });

  it("refuses a closed sign-up before reading the body or hashing anything, and rate-limits it", async () => {
    const stranger = new HearthClient(stack.baseUrl);
    stranger.localAddress = "127.0.113.120";
    const invalid = await stranger.json<{ error: { message: string } }>("/api/signup", "not even json");
    expect(invalid.status).toBe(403);
    expect(invalid.data.error.message).toMatch(/Sign-up is closed/);
    const statuses = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await stranger.json("/api/signup", { name: "X", email: `x${i}@example.com`, password })).status);
    expect(statuses.slice(0, 9).every((s) => s === 403)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe("request bodies", () => {
  it("checks the session before reading a body", async () => {
    const anonymous = new HearthClient(stack.baseUrl);
    for (const route of ["/api/conversations", "/api/admin/users", "/api/admin/models"]) {
      expect((await anonymous.json(route, "{ not json")).status, route).toBe(401);
    }
    expect((await alice.json("/api/admin/users", "{ not json")).status).toBe(403);
  });

  it("caps a body while reading it (413), even without a Content-Length", async () => {
    const big = JSON.stringify({ name: "x".repeat(200_000), email: "big@example.com", password, role: "member" });
    expect((await admin.json("/api/admin/users", big)).status).toBe(413);
    // Streamed in chunks with no Content-Length: still cut off.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode(`${"y".repeat(50_000)}`));
        controller.close();
      },
    });
    const streamed = await admin.fetch("/api/admin/models", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: chunks,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });
});

describe("cross-site requests", () => {
  it("refuses a state-changing request from another origin, with or without a body, and changes nothing", async () => {
    const before = await alice.json<{ conversations: unknown[] }>("/api/conversations");
    const send = await alice.fetch("/api/conversations", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://evil.example" },
      body: JSON.stringify({ content: "sent by another site" }),
    });
    expect(send.status).toBe(403);
    const { conversationId } = await startChat(alice, "mine");
    const remove = await alice.fetch(`/api/conversations/${conversationId}`, {
      method: "DELETE",
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(remove.status).toBe(403);
    const after = await alice.json<{ conversations: unknown[] }>("/api/conversations");
    expect(after.data.conversations).toHaveLength(before.data.conversations.length + 1);
    // The same request from the app's own origin works.
    const own = await alice.fetch(`/api/conversations/${conversationId}`, { method: "DELETE", headers: { origin: stack.baseUrl } });
    expect(own.status).toBe(200);
  });
});

describe("sessions", () => {
  it("ends every session of an account at its next request when its session version is bumped", async () => {
    const phone = new HearthClient(stack.baseUrl);
    expect(await phone.login("bob@example.com", password)).toBe(true);
    expect((await bob.json("/api/conversations")).status).toBe(200);
    expect((await phone.json("/api/conversations")).status).toBe(200);
    await sql(stack, `UPDATE "User" SET "sessionVersion" = "sessionVersion" + 1 WHERE email = 'bob@example.com'`);
    expect((await bob.json("/api/conversations")).status).toBe(401);
    expect((await phone.json("/api/conversations")).status).toBe(401);
    expect((await phone.fetch("/")).headers.get("location")).toMatch(/\/login$/);
    // A new sign-in carries the new version.
    expect(await bob.login("bob@example.com", password)).toBe(true);
    expect((await bob.json("/api/conversations")).status).toBe(200);
  });
});

describe("event streams", () => {
  it("50 HEAD requests with an 'after' past the log's end leave no Redis subscription once the answer ends", async () => {
    const slowId = await installSlowModel(stack.modelsDir, admin);
    const { generationId } = await startChat(alice, "Write a long story.", slowId);
    const channel = `${stack.env.HEARTH_REDIS_PREFIX}:gen:${generationId}:live`;
    const heads = await Promise.all(
      Array.from({ length: 50 }, () => alice.fetch(`/api/generations/${generationId}/events?after=9999999999999-0`, { method: "HEAD" })),
    );
    expect(heads.every((r) => r.status === 200 && r.headers.get("content-type")?.startsWith("text/event-stream"))).toBe(true);
    // A GET with the same bogus `after` replays from the start and ends with the answer.
    const events = await readEvents(alice, generationId, { lastEventId: "9999999999999-0" });
    expect(events.at(-1)?.data.type).toBe("done");
    expect(events.some((e) => e.data.type === "started")).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    const [, subscribers] = (await redis.pubsub("NUMSUB", channel)) as [string, number];
    expect(Number(subscribers)).toBe(0);
  }, 120_000);

  it("caps open streams per member, closes each after its maximum life, and limits waiting answers", async () => {
    await stack.stopWorker();
    try {
      const queued = [];
      for (let i = 0; i < 3; i++) queued.push((await startChat(bob, `waiting ${i}`)).generationId);
      const fourth = await bob.json<{ error: { message: string } }>("/api/conversations", { content: "one too many" });
      expect(fourth.status).toBe(429);
      expect(fourth.data.error.message).toMatch(/already have 3 answers waiting/);

      const controllers = Array.from({ length: 5 }, () => new AbortController());
      const opened = [];
      for (const [i, controller] of controllers.entries()) {
        opened.push(await bob.fetch(`/api/generations/${queued[i % 3]}/events`, { signal: controller.signal }));
      }
      expect(opened.map((r) => r.status)).toEqual([200, 200, 200, 200, 429]);
      // The server ends a stream by itself after HEARTH_SSE_MAX_SECONDS (5 s here).
      const started = Date.now();
      const reader = opened[0]?.body?.getReader();
      while (!(await reader?.read())?.done) {
        /* drain */
      }
      expect(Date.now() - started).toBeLessThan(15_000);
      for (const controller of controllers) controller.abort();
    } finally {
      await stack.startWorker();
    }
  }, 90_000);
});

describe("conversation length", () => {
  it("refuses a message past the conversation's length limit", async () => {
    const { conversationId, generationId } = await startChat(alice, "one");
    await readEvents(alice, generationId);
    for (const content of ["two", "three"]) {
      const sent = await alice.json<{ generationId: string }>(`/api/conversations/${conversationId}/messages`, { content });
      expect(sent.status).toBe(201);
      await readEvents(alice, sent.data.generationId);
    }
    const refused = await alice.json<{ error: { message: string } }>(`/api/conversations/${conversationId}/messages`, { content: "four" });
    expect(refused.status).toBe(413);
    expect(refused.data.error.message).toMatch(/Start a new conversation/);
  }, 90_000);
});

describe("the worker", () => {
  it("re-checks at load time that a model file is inside the models folder", async () => {
    const outside = path.join(path.dirname(stack.modelsDir), "outside.gguf");
    await fs.copyFile(path.join(stack.modelsDir, TEST_MODEL_FILE), outside);
    await fs.copyFile(path.join(stack.modelsDir, TEST_MODEL_FILE), path.join(stack.modelsDir, "swapped.gguf"));
    const registered = await admin.json<{ model: { id: string } }>("/api/admin/models", { name: "Swapped", filePath: "swapped.gguf" });
    expect(registered.status).toBe(201);
    // After registration the file is replaced by a link pointing out of the models folder.
    await fs.rm(path.join(stack.modelsDir, "swapped.gguf"));
    await fs.symlink(outside, path.join(stack.modelsDir, "swapped.gguf"));
    const { generationId } = await startChat(alice, "hello", registered.data.model.id);
    const final = (await readEvents(alice, generationId)).at(-1)?.data;
    expect(final?.type).toBe("failed");
    expect(String(final?.error)).toMatch(/inside the models folder|modelPathOutside/);
  }, 90_000);

  it("claims read only the newest turns that fit the context, never a whole multi-megabyte conversation", async () => {
    const [{ id: userId }] = (await sql<{ id: string }>(stack, `SELECT id FROM "User" WHERE email = 'alice@example.com'`)) as [
      { id: string },
    ];
    const conversationId = `big-${Date.now()}`;
    await sql(stack, `INSERT INTO "Conversation" (id, "userId", title, "updatedAt") VALUES ($1, $2, 'big', now())`, [
      conversationId,
      userId,
    ]);
    // 300 turns of 20 KB (6 MB), then the question and its queued answer.
    await sql(
      stack,
      `INSERT INTO "Message" (id, "conversationId", "userId", "parentId", role, content, "createdAt", "updatedAt")
       SELECT $1 || '-' || i, $1, $2, CASE WHEN i > 0 THEN $1 || '-' || (i - 1) END,
              (CASE WHEN i % 2 = 0 THEN 'user' ELSE 'assistant' END)::"MessageRole",
              repeat(chr(97 + i % 26), 20000), now() - (400 - i) * interval '1 second', now()
       FROM generate_series(0, 299) i`,
      [conversationId, userId],
    );
    await sql(
      stack,
      `INSERT INTO "Message" (id, "conversationId", "userId", "parentId", role, content, status, "createdAt", "updatedAt") VALUES
       ($1 || '-q', $1, $2, $1 || '-299', 'user', 'the newest question', 'done', now() - interval '1 second', now()),
       ($1 || '-a', $1, $2, $1 || '-q', 'assistant', '', 'queued', now(), now())`,
      [conversationId, userId],
    );
    process.env.DATABASE_URL = stack.env.DATABASE_URL;
    const { claimGeneration } = await import("@/lib/generations/store");
    const { disconnectDb } = await import("@/lib/db");
    try {
      const claimed = await claimGeneration(`${conversationId}-a`, 64_000);
      const turns = claimed?.turns ?? [];
      expect(turns.at(-1)).toEqual({ role: "user", content: "the newest question" });
      const bytes = turns.reduce((sum, t) => sum + t.content.length, 0);
      expect(bytes).toBeLessThanOrEqual(64_000 + 20_000);
      expect(turns.length).toBe(5); // the question and the four newest 20 KB turns
      expect(turns[0]?.content.startsWith(String.fromCharCode(97 + (296 % 26)))).toBe(true);
    } finally {
      await disconnectDb();
    }
  });
});

describe("security headers", () => {
  it("every response carries them; pages get a CSP with a per-request script nonce and no unsafe-eval", async () => {
    const anonymous = new HearthClient(stack.baseUrl);
    const login = await anonymous.fetch("/login");
    const html = await login.text();
    const csp = login.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/object-src 'none'/);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const again = (await anonymous.fetch("/login")).headers.get("content-security-policy");
    expect(again).not.toBe(csp);

    const staticFile = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1] ?? "";
    for (const target of ["/login", "/api/health", "/api/conversations", "/no-such-page", staticFile]) {
      const response = await anonymous.fetch(target);
      expect(response.headers.get("x-content-type-options"), target).toBe("nosniff");
      expect(response.headers.get("x-frame-options"), target).toBe("DENY");
      expect(response.headers.get("referrer-policy"), target).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("strict-transport-security"), target).toBeNull();
    }
    expect((await anonymous.fetch("/api/health")).headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    const overHttps = await anonymous.fetch("/login", { headers: { "x-forwarded-proto": "https" } });
    expect(overHttps.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);

    // The model upload skips the proxy (it streams bodies past Next's 10 MB proxy limit): the same headers.
    const upload = (headers: Record<string, string> = {}) =>
      anonymous.fetch("/api/admin/models/upload?name=x", {
        method: "POST",
        headers: { "content-type": "application/octet-stream", ...headers },
        body: "GGUF",
      });
    const plain = await upload();
    expect(plain.status).toBe(401);
    expect(plain.headers.get("x-content-type-options")).toBe("nosniff");
    expect(plain.headers.get("x-frame-options")).toBe("DENY");
    expect(plain.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    for (const proto of ["https", "HTTPS, http"]) {
      const secure = await upload({ "x-forwarded-proto": proto });
      expect(secure.headers.get("strict-transport-security"), proto).toMatch(/max-age=\d+/);
    }
    expect((await upload({ "x-forwarded-proto": "http, https" })).headers.get("strict-transport-security")).toBeNull();
  });
});
