// A send that answers with its own stream: one request from the message to the last token, with the GET
// events route still there to resume it (a dropped connection, a reload) or to follow it from another tab.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerText, type HearthClient, readEvents, type SseEvent, sendStreaming } from "@/testkit/client";
import { setUpFamily } from "@/testkit/family";
import { installSlowModel } from "@/testkit/models";
import { type Stack, startStack } from "@/testkit/stack";

let stack: Stack;
let alice: HearthClient;
let bob: HearthClient;
let slowId = "";

type Stored = { conversation: { messages: { id: string; role: string; status: string; content: string }[] } };

/** The ids a streamed send announced in its first event. */
function sentIds(events: SseEvent[]): { conversationId: string; userMessageId: string; generationId: string } {
  const first = events[0];
  if (first?.data.type !== "sent") throw new Error(`the first event is ${first?.data.type}, not "sent"`);
  const { conversationId, userMessageId, generationId } = first.data as Record<string, unknown>;
  return { conversationId: String(conversationId), userMessageId: String(userMessageId), generationId: String(generationId) };
}

async function storedMessages(client: HearthClient, conversationId: string) {
  const { data } = await client.json<Stored>(`/api/conversations/${conversationId}`);
  return data.conversation.messages;
}

beforeAll(async () => {
  stack = await startStack({ worker: true, extraEnv: { HEARTH_MAX_OUTPUT_TOKENS: "48" } });
  const family = await setUpFamily(stack, ["Alice", "Bob"]);
  [alice, bob] = family.members as [HearthClient, HearthClient];
  slowId = await installSlowModel(stack.modelsDir, family.admin);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe("a send answered with its stream", () => {
  it("starts with the ids it stored, then streams the generation to its end; the stored answer is what streamed", async () => {
    const { status, events } = await sendStreaming(alice, "/api/conversations", { content: "Tell me about hearths." });
    expect(status).toBe(201);
    const [first, ...rest] = events;
    expect(first?.id).toBeNull();
    expect(first?.data).toMatchObject({ type: "sent" });
    const { conversationId, userMessageId, generationId } = sentIds(events);
    expect(rest.map((e) => e.data.type)).toContain("started");
    expect(rest.at(-1)?.data.type).toBe("done");
    expect(rest.every((e) => e.id)).toBe(true);

    const stored = await storedMessages(alice, conversationId);
    expect(stored.map((m) => m.id)).toEqual([userMessageId, generationId]);
    const answer = answerText(rest);
    expect(answer.length).toBeGreaterThan(0);
    expect(stored[1]).toMatchObject({ status: "done", content: answer });
    // Another tab attaching afterwards sees the same answer through the events route.
    expect(answerText(await readEvents(alice, generationId))).toBe(answer);
  });

  it("continues a conversation the same way", async () => {
    const opened = await sendStreaming(alice, "/api/conversations", { content: "First question" });
    const { conversationId } = sentIds(opened.events);
    const next = await sendStreaming(alice, `/api/conversations/${conversationId}/messages`, { content: "Second question" });
    expect(next.status).toBe(201);
    expect(next.events[0]?.data).toMatchObject({ type: "sent", conversationId });
    expect(next.events.at(-1)?.data.type).toBe("done");
    expect((await storedMessages(alice, conversationId)).map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
  });

  it("resumes on the events route after the send's stream dropped mid-answer, with nothing repeated or missing", async () => {
    const head = await sendStreaming(alice, "/api/conversations", { content: "A long answer, please.", modelId: slowId }, { limit: 6 });
    const sent = sentIds(head.events);
    const lastId = head.events.findLast((e) => e.id)?.id ?? undefined;
    expect(lastId).toBeTruthy();
    const tail = await readEvents(alice, sent.generationId, { lastEventId: lastId });
    const ids = [...head.events, ...tail].flatMap((e) => (e.id ? [e.id] : []));
    expect(new Set(ids).size).toBe(ids.length);
    expect(tail.at(-1)?.data.type).toBe("done");
    const stored = await storedMessages(alice, sent.conversationId);
    expect(stored.at(-1)?.content).toBe(answerText([...head.events.slice(1), ...tail]));
  });

  it("answers bad input and other members' conversations with a JSON error, storing nothing", async () => {
    const empty = await sendStreaming(alice, "/api/conversations", { content: "   " });
    expect(empty.status).toBe(400);
    expect(empty.error?.message).toMatch(/empty/);
    const opened = await sendStreaming(alice, "/api/conversations", { content: "Mine alone" });
    const { conversationId } = sentIds(opened.events);
    const intruder = await sendStreaming(bob, `/api/conversations/${conversationId}/messages`, { content: "let me in" });
    expect(intruder.status).toBe(404);
    expect(await storedMessages(alice, conversationId)).toHaveLength(2);
  });
});
