// Restarts mid-answer lose nothing: a worker stopped with SIGTERM hands its answer back to the queue, and
// after a web server dies the client reattaches to the new one from the last event it saw (Last-Event-ID).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerText, type HearthClient, readEvents, type SseEvent } from "@/testkit/client";
import { setUpFamily, startChat } from "@/testkit/family";
import { installSlowModel } from "@/testkit/models";
import { type Stack, startStack } from "@/testkit/stack";

let stack: Stack;
let member: HearthClient;
let slowId = "";

beforeAll(async () => {
  stack = await startStack({ worker: true });
  const family = await setUpFamily(stack, ["Wren"]);
  [member] = family.members as [HearthClient];
  // Slow enough on a CPU that the answer is still being written while servers restart.
  slowId = await installSlowModel(stack.modelsDir, family.admin);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe("worker shutdown (SIGTERM) mid-answer", () => {
  it("hands the answer back to the queue instead of marking it stopped", async () => {
    const sent = await startChat(member, "Keep going while the worker restarts.", slowId);
    let restarting: Promise<void> | null = null;
    const events = await readEvents(member, sent.generationId, {
      onEvent: (e) => {
        if (e.data.type === "token" && !restarting) restarting = stack.stopWorker("SIGTERM").then(() => stack.startWorker());
      },
    });
    await restarting;
    const types = events.map((e) => e.data.type);
    expect(types).toContain("retrying");
    expect(types).not.toContain("stopped");
    expect(events.at(-1)?.data.type).toBe("done");
  }, 90_000);
});

describe("web restart", () => {
  it("resumes the answer on the new server with nothing repeated or missing", async () => {
    const sent = await startChat(member, "A long answer, please.", slowId);
    const id = sent.generationId;
    const head = await readEvents(member, id, { limit: 8 });
    expect(head.some((e) => e.data.type === "token")).toBe(true);
    const lastId = head.at(-1)?.id ?? undefined;

    // Bounded loss: while it is still being written, the partial answer is already in PostgreSQL.
    await new Promise((r) => setTimeout(r, 1500));
    const midway = await member.json<{ conversation: { messages: { content: string; status: string }[] } }>(
      `/api/conversations/${sent.conversationId}`,
    );
    expect(midway.data.conversation.messages[1]?.status).toBe("generating");
    expect(midway.data.conversation.messages[1]?.content.length).toBeGreaterThan(0);

    await stack.restartWeb("SIGKILL");
    const tail = await readEvents(member, id, { lastEventId: lastId });
    const all: SseEvent[] = [...head, ...tail];
    const ids = all.map((e) => e.id).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
    const final = all.at(-1);
    expect(final?.data.type).toBe("done");
    const text = answerText(all);
    expect(text).toBe(final?.data.content);
    const { data } = await member.json<{ conversation: { messages: { content: string; status: string }[] } }>(
      `/api/conversations/${sent.conversationId}`,
    );
    expect(data.conversation.messages[1]).toMatchObject({ status: "done", content: text });
  }, 90_000);
});
