// Generation behaviour under pressure: a worker killed mid-answer, fair turns between members, Stop
// (queued and running), the place in line, and prompts longer than the context.
import { truncate } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareStreamIds } from "@/lib/generations/protocol";
import { decodeFailure } from "@/lib/i18n/failure";
import type { HearthClient } from "@/testkit/client";
import { answerText, readEvents } from "@/testkit/client";
import { setUpFamily, startChat } from "@/testkit/family";
import { installSlowModel } from "@/testkit/models";
import { type Stack, startStack } from "@/testkit/stack";
import { makeTinyGguf } from "@/tools/gguf/tiny-model";

let stack: Stack;
let admin: HearthClient;
let alice: HearthClient;
let bob: HearthClient;
let slowId = "";

async function storedAnswer(client: HearthClient, conversationId: string) {
  const { data } = await client.json<{
    conversation: { messages: { role: string; status: string; content: string; error: string | null }[] };
  }>(`/api/conversations/${conversationId}`);
  return data.conversation.messages.filter((m) => m.role === "assistant").at(-1);
}

beforeAll(async () => {
  // One sequence, so the order in which answers start is the order of the line.
  stack = await startStack({ worker: true, extraEnv: { HEARTH_WORKER_SEQUENCES: "1", HEARTH_CONTEXT_SIZE: "1024" } });
  const family = await setUpFamily(stack, ["Alice", "Bob"]);
  admin = family.admin;
  [alice, bob] = family.members as [HearthClient, HearthClient];
  // A larger model, so an answer is still being written when a test kills the worker or stops it.
  slowId = await installSlowModel(stack.modelsDir, admin);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe("a worker killed mid-answer", () => {
  it("is retried on the restarted worker; the client sees `retrying` and never the first attempt's words in the answer", async () => {
    const sent = await startChat(alice, "Please write a long answer about fire.", slowId);
    const { conversationId, generationId } = sent;
    let restarting: Promise<void> | null = null;
    let killedAt = 0;
    let retryAt = 0;
    const events = await readEvents(alice, generationId, {
      onEvent: (e) => {
        if (e.data.type === "token" && !restarting) {
          killedAt = performance.now();
          restarting = stack.stopWorker("SIGKILL").then(() => stack.startWorker());
        }
        if (e.data.type === "retrying") retryAt = performance.now();
      },
    });
    await restarting;
    const types = events.map((e) => e.data.type);
    expect(types).toContain("retrying");
    const retryIndex = types.indexOf("retrying");
    expect(types.slice(0, retryIndex)).toContain("token");
    const final = events.at(-1);
    expect(final?.data.type).toBe("done");
    expect(answerText(events)).toBe(final?.data.content);
    const stored = await storedAnswer(alice, conversationId);
    expect(stored).toMatchObject({ status: "done", content: final?.data.content });
    console.log(`[measure] kill -9 → retrying event at the client after ${(retryAt - killedAt).toFixed(0)} ms (worker restart included)`);
  }, 90_000);
});

describe("a worker that keeps dying", () => {
  it("marks the answer failed with a reason after the last attempt", async () => {
    const sent = await startChat(alice, "This answer never gets finished.", slowId);
    // Kill the worker once during every attempt, as soon as that attempt produces text.
    let killedAttempt = 0;
    let currentAttempt = 0;
    let restarting: Promise<void> = Promise.resolve();
    const events = await readEvents(alice, sent.generationId, {
      onEvent: (e) => {
        if (e.data.type === "started") currentAttempt = Number(e.data.attempt);
        if (e.data.type === "token" && killedAttempt < currentAttempt) {
          killedAttempt = currentAttempt;
          restarting = restarting.then(() => stack.stopWorker("SIGKILL")).then(() => stack.startWorker());
        }
      },
    });
    await restarting;
    const final = events.at(-1);
    expect(final?.data.type).toBe("failed");
    // A catalogue key: the browser shows it in the reader's language.
    expect(final?.data.error).toBe("workerStoppedRepeatedly");
    expect(events.filter((e) => e.data.type === "started").length).toBe(3);
    expect(await storedAnswer(alice, sent.conversationId)).toMatchObject({ status: "failed" });
  }, 120_000);
});

describe("fairness", () => {
  it("starts a light member's message next, even while another member has many queued", async () => {
    await stack.stopWorker();
    const heavy = [];
    for (let i = 0; i < 6; i++) heavy.push(await startChat(alice, `Heavy question number ${i + 1}`));
    const light = await startChat(bob, "Just one quick question");
    await stack.startWorker();

    const startedAt = new Map<string, string>();
    await Promise.all(
      [...heavy, light].map(async ({ generationId }) => {
        const events = await readEvents(generationId === light.generationId ? bob : alice, generationId);
        expect(events.at(-1)?.data.type).toBe("done");
        const started = events.filter((e) => e.data.type === "started").at(-1);
        startedAt.set(generationId, started?.id ?? "");
      }),
    );
    const order = [...startedAt.entries()].sort((a, b) => compareStreamIds(a[1], b[1])).map(([id]) => id);
    // Heavy's first message was first in line; Bob's single message must come right after it.
    expect(order.indexOf(light.generationId)).toBeLessThanOrEqual(1);
    expect(order.indexOf(heavy[5]?.generationId ?? "")).toBe(order.length - 1);
  }, 120_000);

  it("tells a waiting message its place in line as the line moves", async () => {
    await stack.stopWorker();
    const first = await startChat(alice, "first in line");
    const second = await startChat(alice, "second in line");
    const third = await startChat(bob, "third in line");
    await new Promise((r) => setTimeout(r, 300));
    await stack.startWorker();
    const events = await readEvents(alice, second.generationId);
    const positions = events.filter((e) => e.data.type === "queued" && e.data.position !== null).map((e) => e.data.position);
    // Alice's second message is #2, drops to #3 when Bob's first message takes its fair turn, then moves up.
    expect(positions.slice(0, 2)).toEqual([2, 3]);
    expect(positions.at(-1)).toBe(1);
    await readEvents(alice, first.generationId);
    await readEvents(bob, third.generationId);
  }, 60_000);
});

describe("many clients on one generation", () => {
  it("shares one Redis subscription per web process, gives every client the same answer, and expires the log", async () => {
    const { Redis } = await import("ioredis");
    const redis = new Redis(stack.env.REDIS_URL ?? "");
    const prefix = stack.env.HEARTH_REDIS_PREFIX;
    await stack.stopWorker();
    const { generationId } = await startChat(alice, "Three tabs are watching this.");
    const tabs = [readEvents(alice, generationId), readEvents(alice, generationId), readEvents(alice, generationId)];
    let subscribers = 0;
    for (let i = 0; i < 50 && subscribers === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const numsub = (await redis.pubsub("NUMSUB", `${prefix}:gen:${generationId}:live`)) as [string, number];
      subscribers = Number(numsub[1]);
    }
    expect(subscribers).toBe(1);
    await stack.startWorker();
    const results = await Promise.all(tabs);
    const finals = results.map((events) => events.at(-1)?.data);
    expect(finals.every((f) => f?.type === "done" && f.content === finals[0]?.content)).toBe(true);
    const ttl = await redis.ttl(`${prefix}:gen:${generationId}:log`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(120);
    redis.disconnect();
  }, 60_000);
});

describe("stop", () => {
  it("takes a queued message off the line at once and it stays stopped", async () => {
    await stack.stopWorker();
    const { conversationId, generationId } = await startChat(alice, "never mind");
    expect((await alice.json(`/api/generations/${generationId}/stop`, {})).status).toBe(200);
    const events = await readEvents(alice, generationId);
    expect(events.at(-1)?.data.type).toBe("stopped");
    await stack.startWorker();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await storedAnswer(alice, conversationId)).toMatchObject({ status: "stopped", content: "" });
  }, 60_000);

  it("ends a running generation promptly and keeps the partial answer", async () => {
    const sent = await startChat(bob, "Tell me everything you know.", slowId);
    const { conversationId, generationId } = sent;
    let stopSentAt = 0;
    let stoppedAt = 0;
    const events = await readEvents(bob, generationId, {
      onEvent: (e) => {
        if (e.data.type === "token" && stopSentAt === 0) {
          stopSentAt = performance.now();
          void bob.json(`/api/generations/${generationId}/stop`, {});
        }
        if (e.data.type === "stopped") stoppedAt = performance.now();
      },
    });
    const final = events.at(-1);
    expect(final?.data.type).toBe("stopped");
    expect(answerText(events)).toBe(final?.data.content);
    expect(String(final?.data.content).length).toBeGreaterThan(0);
    expect(await storedAnswer(bob, conversationId)).toMatchObject({ status: "stopped", content: final?.data.content });
    console.log(`[measure] stop: request → stopped event at the client ${(stoppedAt - stopSentAt).toFixed(1)} ms`);
  }, 60_000);
});

describe("context limits and broken models", () => {
  it("fails at once, with a reason, when the model file no longer loads", async () => {
    const file = path.join(stack.modelsDir, "doomed.gguf");
    await makeTinyGguf({ out: file });
    const registered = await admin.json<{ model: { id: string } }>("/api/admin/models", { name: "Doomed", filePath: "doomed.gguf" });
    expect(registered.status).toBe(201);
    // The file is damaged after it was registered (a disk problem, an interrupted copy).
    await truncate(file, 4096);
    const sent = await startChat(bob, "Hello?", registered.data.model.id);
    const events = await readEvents(bob, sent.generationId);
    const final = events.at(-1);
    expect(final?.data.type).toBe("failed");
    // A catalogue key and its values: the reader's browser puts it into their language. The engine's own
    // text (it can name server paths) is not among them; it is in the worker's log for the admin.
    expect(decodeFailure(String(final?.data.error))).toEqual({ key: "modelLoadFailed", values: { model: "Doomed" } });
    const stored = await bob.json(`/api/conversations/${sent.conversationId}`);
    expect(JSON.stringify(stored.data)).not.toContain(stack.modelsDir);
    expect(stack.output().worker).toMatch(/"msg":"model failed to load"/);
    expect(events.filter((e) => e.data.type === "retrying")).toHaveLength(0);
  }, 60_000);

  it("fails a message longer than the context with a clear reason, keeping the message", async () => {
    // Short enough in characters to pass the web's estimate (6 characters a token at most), yet over the
    // context once tokenized: the worker's exact check is the one that refuses it.
    const long = "zq9 ".repeat(700);
    const { conversationId, generationId } = await startChat(alice, long);
    const events = await readEvents(alice, generationId);
    const final = events.at(-1);
    expect(final?.data.type).toBe("failed");
    const failure = decodeFailure(String(final?.data.error));
    expect(failure?.key).toBe("promptTooLong");
    expect(Number(failure?.values.tokens)).toBeGreaterThan(Number(failure?.values.budget));
    const { data } = await alice.json<{ conversation: { messages: { role: string; content: string }[] } }>(
      `/api/conversations/${conversationId}`,
    );
    expect(data.conversation.messages[0]?.content).toBe(long);
  }, 60_000);

  it("leaves out the oldest turns to fit, and says so", async () => {
    const { conversationId, generationId } = await startChat(bob, `First: ${"story ".repeat(40)}`);
    await readEvents(bob, generationId);
    let trimmed = 0;
    for (let i = 0; i < 4 && trimmed === 0; i++) {
      const sent = await bob.json<{ generationId: string }>(`/api/conversations/${conversationId}/messages`, {
        content: `More ${i}: ${"story ".repeat(40)}`,
      });
      const events = await readEvents(bob, sent.data.generationId);
      expect(events.at(-1)?.data).toMatchObject({ type: "done" });
      const started = events.find((e) => e.data.type === "started");
      trimmed = Number(started?.data.trimmedTurns ?? 0);
      expect(Number(started?.data.promptTokens)).toBeLessThanOrEqual(Number(started?.data.contextSize));
    }
    expect(trimmed).toBeGreaterThan(0);
  }, 120_000);
});
