// Messages as a tree: regenerate and edit add branches beside the original, the branch on screen is
// remembered, and a generation's context is its own branch only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerText, type HearthClient, readEvents } from "@/testkit/client";
import { setUpFamily, startChat } from "@/testkit/family";
import { type Stack, startStack, TEST_MODEL_FILE } from "@/testkit/stack";

let stack: Stack;
let admin: HearthClient;
let alice: HearthClient;
let bob: HearthClient;

type StoredMessage = { id: string; parentId: string | null; role: string; status: string; content: string };
type Stored = { conversation: { currentLeafId: string | null; modelName: string | null; messages: StoredMessage[] } };

async function stored(client: HearthClient, conversationId: string) {
  const { status, data } = await client.json<Stored>(`/api/conversations/${conversationId}`);
  expect(status).toBe(200);
  return data.conversation;
}

async function finished(client: HearthClient, generationId: string) {
  const events = await readEvents(client, generationId);
  expect(events.at(-1)?.data.type).toBe("done");
  return events;
}

beforeAll(async () => {
  stack = await startStack({ worker: true, extraEnv: { HEARTH_MAX_OUTPUT_TOKENS: "24" } });
  const family = await setUpFamily(stack, ["Alice", "Bob"]);
  admin = family.admin;
  [alice, bob] = family.members as [HearthClient, HearthClient];
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe("branches", () => {
  let conversationId = "";
  let question = "";
  let firstAnswer = "";
  let secondAnswer = "";

  it("regenerates an answer beside the first one, keeping both", async () => {
    const sent = await startChat(alice, "Tell me about the hearth.");
    conversationId = sent.conversationId;
    firstAnswer = sent.generationId;
    await finished(alice, firstAnswer);
    expect((await bob.json(`/api/generations/${firstAnswer}/regenerate`, {})).status).toBe(404);

    // Asked twice at once: one new answer; nothing else branches while it is being written. (Asked one after the
    // other, a 24-token answer on an idle worker can be done before the second request arrives.)
    const regenerate = () => alice.json<{ generationId: string; userMessageId: string }>(`/api/generations/${firstAnswer}/regenerate`, {});
    const both = await Promise.all([regenerate(), regenerate()]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const again = both.find((r) => r.status === 201) as (typeof both)[number];
    secondAnswer = again.data.generationId;
    const regenerated = answerText(await finished(alice, secondAnswer));

    const conversation = await stored(alice, conversationId);
    question = conversation.messages[0]?.id ?? "";
    expect(again.data.userMessageId).toBe(question);
    const answers = conversation.messages.filter((m) => m.role === "assistant");
    expect(answers.map((m) => m.id)).toEqual([firstAnswer, secondAnswer]);
    expect(answers.every((m) => m.parentId === question && m.status === "done")).toBe(true);
    expect(answers[1]?.content).toBe(regenerated);
    expect(conversation.currentLeafId).toBe(secondAnswer);
  });

  it("remembers the branch on screen, only within the member's own conversation", async () => {
    expect((await alice.json(`/api/conversations/${conversationId}`, { leafId: firstAnswer }, "PATCH")).status).toBe(200);
    expect((await stored(alice, conversationId)).currentLeafId).toBe(firstAnswer);
    expect((await bob.json(`/api/conversations/${conversationId}`, { leafId: secondAnswer }, "PATCH")).status).toBe(404);
    const other = await startChat(bob, "Bob's own chat");
    await finished(bob, other.generationId);
    expect((await alice.json(`/api/conversations/${conversationId}`, { leafId: other.generationId }, "PATCH")).status).toBe(404);
    expect((await stored(alice, conversationId)).currentLeafId).toBe(firstAnswer);
  });

  it("continues the conversation after the branch on screen", async () => {
    const next = await alice.json<{ userMessageId: string; generationId: string }>(`/api/conversations/${conversationId}/messages`, {
      content: "And then?",
    });
    expect(next.status).toBe(201);
    await finished(alice, next.data.generationId);
    const conversation = await stored(alice, conversationId);
    expect(conversation.messages.find((m) => m.id === next.data.userMessageId)?.parentId).toBe(firstAnswer);
    expect(conversation.currentLeafId).toBe(next.data.generationId);
  });

  it("edits a message as a new branch whose answer sees only its own branch", async () => {
    const edited = await alice.json<{ userMessageId: string; generationId: string }>(`/api/conversations/${conversationId}/messages`, {
      content: "Tell me about the fireplace instead.",
      editOf: question,
    });
    expect(edited.status).toBe(201);
    const events = await finished(alice, edited.data.generationId);
    const conversation = await stored(alice, conversationId);
    expect(conversation.messages.find((m) => m.id === edited.data.userMessageId)?.parentId).toBeNull();
    // The edited branch starts afresh: its prompt is the same size as the same words in a new conversation.
    const fresh = await startChat(alice, "Tell me about the fireplace instead.");
    const freshEvents = await finished(alice, fresh.generationId);
    const promptTokens = (list: typeof events) => list.find((e) => e.data.type === "started")?.data.promptTokens;
    expect(promptTokens(events)).toBe(promptTokens(freshEvents));
    const editOfOther = await bob.json(`/api/conversations/${conversationId}/messages`, { content: "x", editOf: question });
    expect(editOfOther.status).toBe(404);
    const editOfAnswer = await alice.json(`/api/conversations/${conversationId}/messages`, { content: "x", editOf: firstAnswer });
    expect(editOfAnswer.status).toBe(404);
  });
});

describe("a conversation's model and message length", () => {
  it("switches the model for the next message, and only for the owner", async () => {
    const copy = await admin.json<{ model: { id: string } }>("/api/admin/models", { name: "Tiny copy", filePath: TEST_MODEL_FILE });
    expect(copy.status).toBe(201);
    const sent = await startChat(alice, "Start with the default model");
    await finished(alice, sent.generationId);
    const path = `/api/conversations/${sent.conversationId}`;
    expect((await bob.json(path, { modelId: copy.data.model.id }, "PATCH")).status).toBe(404);
    expect((await alice.json(path, { modelId: "no-such-model" }, "PATCH")).status).toBe(400);
    expect((await alice.json(path, { modelId: copy.data.model.id }, "PATCH")).status).toBe(200);
    expect((await stored(alice, sent.conversationId)).modelName).toBe("Tiny copy");
    const next = await alice.json<{ generationId: string }>(`${path}/messages`, { content: "Now with the copy" });
    const events = await finished(alice, next.data.generationId);
    expect(events.find((e) => e.data.type === "loading")?.data.model).toBe("Tiny copy");
  });

  it("refuses a message that surely does not fit the model's context before storing anything", async () => {
    const before = await alice.json<{ conversations: unknown[] }>("/api/conversations");
    const refused = await alice.json<{ error: { message: string } }>("/api/conversations", { content: "word ".repeat(5_940) });
    expect(refused.status).toBe(413);
    expect(refused.data.error.message).toMatch(/too long for the chosen model/);
    const after = await alice.json<{ conversations: unknown[] }>("/api/conversations");
    expect(after.data.conversations).toHaveLength(before.data.conversations.length);
  });
});

describe("a conversation's instructions, sampling and saved prompts", () => {
  const promptTokens = (events: Awaited<ReturnType<typeof finished>>) =>
    Number(events.find((e) => e.data.type === "started")?.data.promptTokens);

  it("gives the model the conversation's instructions and keeps its answer within the chosen length", async () => {
    const plain = await startChat(alice, "Hello there");
    const plainEvents = await finished(alice, plain.generationId);
    const path = `/api/conversations/${plain.conversationId}`;
    expect((await alice.json(path, { sampling: { temperature: 3 } }, "PATCH")).status).toBe(400);
    expect((await bob.json(path, { systemPrompt: "Be brief." }, "PATCH")).status).toBe(404);
    const settings = { systemPrompt: "Answer like a friendly pirate, in short sentences.", sampling: { temperature: 0.1, maxTokens: 3 } };
    expect((await alice.json(path, settings, "PATCH")).status).toBe(200);
    const { data } = await alice.json<{ conversation: { systemPrompt: string; sampling: unknown } }>(path);
    expect(data.conversation).toMatchObject(settings);

    const withSettings = await startChat(alice, "Hello there");
    await finished(alice, withSettings.generationId);
    await alice.json(`/api/conversations/${withSettings.conversationId}`, settings, "PATCH");
    const next = await alice.json<{ generationId: string }>(`/api/conversations/${withSettings.conversationId}/messages`, {
      content: "Again",
    });
    const events = await finished(alice, next.data.generationId);
    expect(Number(events.at(-1)?.data.outputTokens)).toBeLessThanOrEqual(3);
    // The instructions are part of the prompt: the first turn and its answer plus them make it longer.
    expect(promptTokens(events)).toBeGreaterThan(promptTokens(plainEvents) + 10);
  });

  it("starts a new chat with its settings", async () => {
    const sent = await alice.json<{ conversationId: string; generationId: string }>("/api/conversations", {
      content: "Hi",
      systemPrompt: "Speak softly.",
      sampling: { maxTokens: 2 },
    });
    expect(sent.status).toBe(201);
    const events = await finished(alice, sent.data.generationId);
    expect(Number(events.at(-1)?.data.outputTokens)).toBeLessThanOrEqual(2);
    expect((await stored(alice, sent.data.conversationId)) as unknown).toMatchObject({ systemPrompt: "Speak softly." });
  });

  it("keeps each member's saved prompts to themselves", async () => {
    const created = await alice.json<{ preset: { id: string } }>("/api/presets", { title: "Pirate", content: "Talk like a pirate." });
    expect(created.status).toBe(201);
    expect((await alice.json("/api/presets", { title: "", content: "x" })).status).toBe(400);
    const mine = await alice.json<{ presets: { title: string }[] }>("/api/presets");
    expect(mine.data.presets.map((p) => p.title)).toEqual(["Pirate"]);
    expect((await bob.json<{ presets: unknown[] }>("/api/presets")).data.presets).toEqual([]);
    expect((await bob.json(`/api/presets/${created.data.preset.id}`, undefined, "DELETE")).status).toBe(404);
    expect((await alice.json(`/api/presets/${created.data.preset.id}`, undefined, "DELETE")).status).toBe(200);
    expect((await alice.json<{ presets: unknown[] }>("/api/presets")).data.presets).toEqual([]);
  });
});
