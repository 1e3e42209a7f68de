// What a member waiting for an answer is told: their real place in line, also while a worker holds their
// generation until the model has a free sequence, and that the model server does not respond when it hangs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HearthClient, SseEvent } from "@/testkit/client";
import { readEvents } from "@/testkit/client";
import { setUpFamily, startChat } from "@/testkit/family";
import { installSlowModel } from "@/testkit/models";
import { type Stack, startStack } from "@/testkit/stack";

let stack: Stack;
let members: HearthClient[];
let slowId = "";

beforeAll(async () => {
  // The worker takes two jobs at once but the slow model has one sequence: the second job a worker takes
  // waits inside it for that sequence, out of the queue yet not started.
  stack = await startStack({
    worker: true,
    extraEnv: { HEARTH_WORKER_SEQUENCES: "2", HEARTH_CONTEXT_SIZE: "1024", HEARTH_MAX_OUTPUT_TOKENS: "400" },
  });
  const family = await setUpFamily(stack, ["Ann", "Bea", "Cid"]);
  members = family.members;
  slowId = await installSlowModel(stack.modelsDir, family.admin);
  const { status } = await family.admin.json(`/api/admin/models/${slowId}`, { loadSettings: { sequences: 1 } }, "PATCH");
  expect(status).toBe(200);
}, 300_000);

afterAll(async () => {
  if (process.env.HEARTH_TEST_DUMP) console.log(stack?.output().worker.slice(-20_000));
  await stack?.stop();
});

const placesBeforeStart = (events: SseEvent[]) => {
  const started = events.findIndex((e) => e.data.type === "started");
  return events
    .slice(0, started < 0 ? undefined : started)
    .filter((e) => e.data.type === "queued")
    .map((e) => e.data.position as number | null);
};

describe("three members on one slow model", () => {
  it("tells the member who is really next that they are next, and the one behind that they are second", async () => {
    const [ann, bea, cid] = members as [HearthClient, HearthClient, HearthClient];
    const first = await startChat(ann, "Please write a long story about a lighthouse keeper.", slowId);
    let writing: () => void = () => {};
    const annWriting = new Promise<void>((resolve) => {
      writing = resolve;
    });
    const annEvents = readEvents(ann, first.generationId, { onEvent: (e) => e.data.type === "token" && writing() });
    await annWriting;
    const second = await startChat(bea, "And a story about a baker, please.", slowId);
    // Long enough for the worker to take Bea's job, short beside Ann's 400 tokens: on an idle machine 120 tokens
    // were done before Cid asked, and Cid was rightly told "next".
    await new Promise((r) => setTimeout(r, 200));
    const third = await startChat(cid, "And one about a sailor.", slowId);
    const [, beaEvents, cidEvents] = await Promise.all([
      annEvents,
      readEvents(bea, second.generationId),
      readEvents(cid, third.generationId),
    ]);
    expect(beaEvents.at(-1)?.data.type).toBe("done");
    expect(cidEvents.at(-1)?.data.type).toBe("done");
    // Bea's generation was taken by the worker at once and waited there for the model's one sequence.
    expect(placesBeforeStart(beaEvents).at(-1)).toBe(1);
    // Cid was behind Bea all along: second until Bea started, then next.
    const cidPlaces = placesBeforeStart(cidEvents).filter((p) => p !== null);
    expect(cidPlaces[0]).toBe(2);
    expect(cidPlaces.at(-1)).toBe(1);
  }, 180_000);
});

describe("a hung model server", () => {
  it("tells a waiting member the server is not responding, and answers once it wakes", async () => {
    const [ann] = members as [HearthClient];
    stack.signalWorker("SIGSTOP");
    try {
      const sent = await startChat(ann, "Are you there?");
      const seen: boolean[] = [];
      const events = readEvents(ann, sent.generationId, {
        onEvent: (e) => {
          if (e.data.type !== "server") return;
          seen.push(e.data.responding as boolean);
          if (e.data.responding === false) stack.signalWorker("SIGCONT");
        },
      });
      const all = await events;
      // The answer may come before the next check sees the worker again: "back" is for the page (unit-tested).
      expect(seen[0]).toBe(false);
      expect(all.at(-1)?.data.type).toBe("done");
    } finally {
      stack.signalWorker("SIGCONT");
    }
  }, 90_000);
});
