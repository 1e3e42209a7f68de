// The spine through the real path: HTTP → Next.js → PostgreSQL → BullMQ → worker (node-llama-cpp) → Redis → SSE.
import fs from "node:fs/promises";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerText, HearthClient, readEvents } from "@/testkit/client";
import { type Stack, startStack, TEST_MODEL_FILE } from "@/testkit/stack";

let stack: Stack;
let admin: HearthClient;
let member: HearthClient;
const adminAccount = { name: "Ada", email: "ada@example.com", password: "correct horse battery" };
const memberAccount = { name: "Ben", email: "ben@example.com", password: "another long secret", role: "member" };

beforeAll(async () => {
  stack = await startStack({ worker: false });
  admin = new HearthClient(stack.baseUrl);
  member = new HearthClient(stack.baseUrl);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe("accounts", () => {
  it("makes the first sign-up the admin and closes sign-up after it", async () => {
    const first = await admin.json<{ user: { role: string } }>("/api/signup", adminAccount);
    expect(first.status).toBe(201);
    expect(first.data.user.role).toBe("admin");
    const second = await new HearthClient(stack.baseUrl).json("/api/signup", { ...adminAccount, email: "eve@example.com" });
    expect(second.status).toBe(403);
  });

  it("refuses a wrong password and accepts the right one", async () => {
    expect(await new HearthClient(stack.baseUrl).login(adminAccount.email, "wrong password!")).toBe(false);
    expect(await admin.login(adminAccount.email, adminAccount.password)).toBe(true);
  });

  it("slows down wrong passwords for an account from one address, without locking the account", async () => {
    const guesser = new HearthClient(stack.baseUrl);
    guesser.localAddress = "127.0.113.7";
    const victim = { name: "Vic", email: "vic@example.com", password: "the real password", role: "member" };
    expect((await admin.json("/api/admin/users", victim)).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await guesser.signIn(victim.email, `guess ${i}`)).error).toBe("CredentialsSignin");
    const slowed = await guesser.signIn(victim.email, victim.password);
    expect(slowed.ok).toBe(false);
    // The form puts this code into words in the reader's language (components/auth/auth-form.tsx).
    expect(slowed.error).toMatch(/^locked:\d+$/);
    // The real person, elsewhere, still gets in; other accounts are not affected.
    const owner = new HearthClient(stack.baseUrl);
    owner.localAddress = "127.51.100.20";
    expect(await owner.login(victim.email, victim.password)).toBe(true);
    expect(await new HearthClient(stack.baseUrl).login(adminAccount.email, adminAccount.password)).toBe(true);
  });

  it("lets only the admin create accounts", async () => {
    const created = await admin.json<{ user: { role: string } }>("/api/admin/users", memberAccount);
    expect(created.status).toBe(201);
    expect(await member.login(memberAccount.email, memberAccount.password)).toBe(true);
    const refused = await member.json("/api/admin/users", { ...memberAccount, email: "x@example.com" });
    expect(refused.status).toBe(403);
    const anonymous = await new HearthClient(stack.baseUrl).json("/api/conversations");
    expect(anonymous.status).toBe(401);
  });
});

describe("models", () => {
  it("refuses paths outside the models folder and files that are not GGUF", async () => {
    const outside = await admin.json<{ error: { message: string } }>("/api/admin/models", { name: "x", filePath: "../../etc/passwd" });
    expect(outside.status).toBe(400);
    expect(outside.data.error.message).toMatch(/inside the models folder/);
    await fs.writeFile(path.join(stack.modelsDir, "notes.gguf"), "this is not a model");
    const bogus = await admin.json<{ error: { message: string } }>("/api/admin/models", { name: "x", filePath: "notes.gguf" });
    expect(bogus.status).toBe(400);
    expect(bogus.data.error.message).toMatch(/not a usable GGUF/);
    const byMember = await member.json("/api/admin/models", { name: "tiny", filePath: TEST_MODEL_FILE });
    expect(byMember.status).toBe(403);
  });

  it("registers a GGUF from the models folder as the default model", async () => {
    const { status, data } = await admin.json<{ model: { id: string; isDefault: boolean; architecture: string } }>("/api/admin/models", {
      name: "Tiny Llama",
      filePath: TEST_MODEL_FILE,
    });
    expect(status).toBe(201);
    expect(data.model).toMatchObject({ isDefault: true, architecture: "llama" });
    const second = await admin.json<{ model: { id: string; isDefault: boolean } }>("/api/admin/models", {
      name: "Tiny Llama copy",
      filePath: TEST_MODEL_FILE,
    });
    expect(second.data.model.isDefault).toBe(false);
    expect((await member.json(`/api/admin/models/${second.data.model.id}/default`, {})).status).toBe(403);
    expect((await admin.json("/api/admin/models/nope/default", {})).status).toBe(404);
    expect((await admin.json(`/api/admin/models/${second.data.model.id}/default`, {})).status).toBe(200);
    const { data: listed } = await member.json<{ models: { id: string; isDefault: boolean }[] }>("/api/models");
    expect(listed.models.find((m) => m.isDefault)?.id).toBe(second.data.model.id);
    expect((await admin.json(`/api/admin/models/${data.model.id}/default`, {})).status).toBe(200);
  });
});

describe("chat", () => {
  let conversationId: string;
  let firstAnswerId: string;

  it("keeps a message sent while no worker runs queued, and answers it once a worker starts", async () => {
    const sent = await member.json<{ conversationId: string; generationId: string }>("/api/conversations", {
      content: "Hello there, what is a hearth?",
    });
    expect(sent.status).toBe(201);
    conversationId = sent.data.conversationId;
    firstAnswerId = sent.data.generationId;
    await new Promise((r) => setTimeout(r, 500));
    const waiting = await member.json<{ conversation: { messages: { status: string }[] } }>(`/api/conversations/${conversationId}`);
    expect(waiting.data.conversation.messages.map((m) => m.status)).toEqual(["done", "queued"]);

    await stack.startWorker();
    const events = await readEvents(member, firstAnswerId);
    const final = events.at(-1);
    expect(final?.data.type).toBe("done");
    // The person waiting was told their place in line and that no worker was running.
    expect(events.find((e) => e.data.type === "queued" && e.data.position === 1)?.data.workersOnline).toBe(0);
    expect(events.filter((e) => e.data.type === "token").length).toBeGreaterThan(1);
    const stored = await member.json<{ conversation: { messages: { content: string; status: string }[] } }>(
      `/api/conversations/${conversationId}`,
    );
    const answer = stored.data.conversation.messages[1];
    expect(answer?.status).toBe("done");
    expect(answer?.content).toBe(final?.data.content);
    expect(answerText(events)).toBe(answer?.content);
  });

  it("replays a finished generation to a late reader", async () => {
    const events = await readEvents(member, firstAnswerId);
    expect(events.at(-1)?.data.type).toBe("done");
  });

  it("resumes after a dropped connection from the next event, with nothing repeated or missing", async () => {
    const sent = await member.json<{ generationId: string }>(`/api/conversations/${conversationId}/messages`, {
      content: "Tell me more, at length.",
    });
    expect(sent.status).toBe(201);
    const id = sent.data.generationId;
    const head = await readEvents(member, id, { limit: 6 });
    const lastId = head.at(-1)?.id;
    expect(lastId).toBeTruthy();
    const tail = await readEvents(member, id, { lastEventId: lastId ?? undefined });
    const all = [...head, ...tail];
    const ids = all.map((e) => e.id).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
    const final = all.at(-1);
    expect(final?.data.type).toBe("done");
    expect(answerText(all)).toBe(final?.data.content);
  });

  it("stops a generation early and keeps what was generated", async () => {
    const sent = await member.json<{ generationId: string; conversationId: string }>("/api/conversations", {
      content: "Write a very long story about a fireplace.",
    });
    const id = sent.data.generationId;
    let stopped = false;
    const events = await readEvents(member, id, {
      onEvent: (e) => {
        if (e.data.type === "token" && !stopped) {
          stopped = true;
          void member.json(`/api/generations/${id}/stop`, {});
        }
      },
    });
    const final = events.at(-1);
    expect(final?.data.type).toBe("stopped");
    expect(Number(final?.data.outputTokens)).toBeLessThan(2048);
    const stored = await member.json<{ conversation: { messages: { content: string; status: string }[] } }>(
      `/api/conversations/${sent.data.conversationId}`,
    );
    expect(stored.data.conversation.messages[1]).toMatchObject({ status: "stopped", content: final?.data.content });
  });

  it("deletes a conversation only for its owner, stopping an answer still pending", async () => {
    await stack.stopWorker();
    const sent = await member.json<{ conversationId: string; generationId: string }>("/api/conversations", { content: "forget me" });
    expect((await admin.json(`/api/conversations/${sent.data.conversationId}`, undefined, "DELETE")).status).toBe(404);
    expect((await member.json(`/api/conversations/${sent.data.conversationId}`, undefined, "DELETE")).status).toBe(200);
    expect((await member.json(`/api/conversations/${sent.data.conversationId}`)).status).toBe(404);
    expect((await member.json(`/api/conversations/${sent.data.conversationId}`, undefined, "DELETE")).status).toBe(404);
    // Its queued answer was taken off the line, so no worker generates it for nobody.
    const redis = new Redis(stack.env.REDIS_URL ?? "");
    const prefix = stack.env.HEARTH_REDIS_PREFIX;
    expect(await redis.exists(`${prefix}:generation:${sent.data.generationId}`)).toBe(0);
    const log = await redis.xrange(`${prefix}:gen:${sent.data.generationId}:log`, "-", "+");
    expect(JSON.parse(log.at(-1)?.[1][1] ?? "{}").type).toBe("stopped");
    redis.disconnect();
    await stack.startWorker();
  });

  it("lists conversations newest first", async () => {
    const { data } = await member.json<{ conversations: { id: string }[] }>("/api/conversations");
    expect(data.conversations.length).toBe(2);
    expect(data.conversations[1]?.id).toBe(conversationId);
  });
});

describe("bad input", () => {
  it("refuses an empty message, an oversized one and non-JSON, storing nothing", async () => {
    const before = (await member.json<{ conversations: unknown[] }>("/api/conversations")).data.conversations.length;
    const empty = await member.json<{ error: { message: string } }>("/api/conversations", { content: "   " });
    expect(empty.status).toBe(400);
    expect(empty.data.error.message).toMatch(/empty/);
    const huge = await member.json<{ error: { message: string } }>("/api/conversations", { content: "x".repeat(40_000) });
    expect(huge.status).toBe(413);
    expect(huge.data.error.message).toMatch(/limit/);
    const garbage = await member.json("/api/conversations", "{not json");
    expect(garbage.status).toBe(400);
    // What a cross-site HTML form could send is refused.
    const form = await member.fetch("/api/conversations", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "content=hello",
    });
    expect(form.status).toBe(400);
    const after = (await member.json<{ conversations: unknown[] }>("/api/conversations")).data.conversations.length;
    expect(after).toBe(before);
  });

  it("refuses a second message while the answer is still pending, and accepts it afterwards", async () => {
    await stack.stopWorker();
    const first = await member.json<{ conversationId: string; generationId: string }>("/api/conversations", { content: "one" });
    const second = await member.json<{ error: { code: string } }>(`/api/conversations/${first.data.conversationId}/messages`, {
      content: "two",
    });
    expect(second.status).toBe(409);
    expect(second.data.error.code).toBe("conflict");
    await stack.startWorker();
    expect((await readEvents(member, first.data.generationId)).at(-1)?.data.type).toBe("done");
    const third = await member.json(`/api/conversations/${first.data.conversationId}/messages`, { content: "two, again" });
    expect(third.status).toBe(201);
    const { data } = await member.json<{ conversation: { messages: { content: string }[] } }>(
      `/api/conversations/${first.data.conversationId}`,
    );
    expect(data.conversation.messages.map((m) => m.content).filter((c) => c === "one" || c.startsWith("two"))).toEqual([
      "one",
      "two, again",
    ]);
  });

  it("answers 404 for an unknown conversation and for another user's conversation and generation", async () => {
    const { data } = await member.json<{ conversations: { id: string }[] }>("/api/conversations");
    const theirs = data.conversations[0]?.id ?? "";
    expect((await member.json("/api/conversations/does-not-exist")).status).toBe(404);
    expect((await admin.json(`/api/conversations/${theirs}`)).status).toBe(404);
    expect((await admin.json(`/api/conversations/${theirs}/messages`, { content: "hi" })).status).toBe(404);
    const convo = await member.json<{ conversation: { messages: { id: string; role: string }[] } }>(`/api/conversations/${theirs}`);
    const answerId = convo.data.conversation.messages.find((m) => m.role === "assistant")?.id ?? "";
    expect((await admin.fetch(`/api/generations/${answerId}/events`)).status).toBe(404);
    expect((await admin.json(`/api/generations/${answerId}/stop`, {})).status).toBe(404);
  });
});

describe("languages", () => {
  type ErrorBody = { error: { code: string; key: string; message: string } };
  const sendEmpty = async (client: HearthClient, language: string) => {
    const response = await client.fetch("/api/conversations", {
      method: "POST",
      headers: { "content-type": "application/json", "accept-language": language },
      body: JSON.stringify({ content: "  " }),
    });
    return { status: response.status, data: (await response.json()) as ErrorBody };
  };
  const setLocale = (client: HearthClient, locale: unknown) => client.json<ErrorBody>("/api/settings", { locale }, "PATCH");

  it("answers errors in the browser's language, with a stable key", async () => {
    const chinese = await sendEmpty(member, "zh-CN,zh;q=0.9,en;q=0.8");
    expect(chinese.status).toBe(400);
    expect(chinese.data.error).toEqual({ code: "bad_request", key: "messageEmpty", message: "请先输入消息：现在是空的。" });
    expect((await sendEmpty(member, "en-GB")).data.error.message).toBe("Type a message first: it is empty.");
    // A schema's own message is translated too.
    const response = await new HearthClient(stack.baseUrl).fetch("/api/admin/users", {
      method: "POST",
      headers: { "content-type": "application/json", "accept-language": "zh" },
      body: "{}",
    });
    expect(((await response.json()) as ErrorBody).error.message).toBe("请先登录。");
  });

  it("lets a member choose a language that wins over the browser's, and go back to the browser's", async () => {
    expect((await setLocale(member, "en")).status).toBe(200);
    expect((await sendEmpty(member, "zh-CN")).data.error.message).toBe("Type a message first: it is empty.");
    expect((await setLocale(member, "zh-CN")).status).toBe(200);
    expect((await sendEmpty(member, "en")).data.error.message).toBe("请先输入消息：现在是空的。");
    expect((await setLocale(member, null)).status).toBe(200);
    expect((await sendEmpty(member, "en")).data.error.message).toBe("Type a message first: it is empty.");
  });

  it("refuses a language it does not speak, and anyone not signed in", async () => {
    const french = await setLocale(member, "fr");
    expect(french.status).toBe(400);
    expect(french.data.error).toMatchObject({ key: "invalidInput", message: "Language: this value is not valid." });
    expect((await setLocale(new HearthClient(stack.baseUrl), "en")).status).toBe(401);
  });
});
