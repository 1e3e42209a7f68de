// PostgreSQL has the last word on whether an answer ended. A worker killed after storing the answer but before
// logging its final event (found by the fault suite) must not leave a member's stream open forever.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HearthClient, readEvents } from "@/testkit/client";
import { setUpFamily, startChat } from "@/testkit/family";
import { type Stack, startStack } from "@/testkit/stack";

let stack: Stack;
let member: HearthClient;

/** What the dead worker left: the answer stored as done, its log without a final event. */
async function storeAsDone(messageId: string, content: string): Promise<void> {
  const client = new pg.Client({ connectionString: stack.env.DATABASE_URL });
  await client.connect();
  await client.query(`UPDATE "Message" SET status = 'done', content = $2, "outputTokens" = 3, "finishedAt" = now() WHERE id = $1`, [
    messageId,
    content,
  ]);
  await client.end();
}

beforeAll(async () => {
  // No worker: nothing but this test changes the answer.
  stack = await startStack({ worker: false });
  [member] = (await setUpFamily(stack, ["Noor"])).members as [HearthClient];
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** The stored events before the final one; the live "server" note (no worker runs in this stack) is not stored. */
function eventTypesBefore(events: { data: { type: string } }[]): string[] {
  return events
    .slice(0, -1)
    .map((e) => e.data.type)
    .filter((type) => type !== "server");
}

describe("an answer stored as final whose log never got its final event", () => {
  it("ends a stream that is already open with the stored answer", async () => {
    const sent = await startChat(member, "Will this stream ever end?");
    const following = readEvents(member, sent.generationId);
    await new Promise((r) => setTimeout(r, 1000)); // attached, replayed "queued", now live
    await storeAsDone(sent.generationId, "The stored answer.");
    const events = await following;
    expect(new Set(eventTypesBefore(events))).toEqual(new Set(["queued"]));
    expect(events.at(-1)?.data.type).toBe("done");
    expect(events.at(-1)?.data.content).toBe("The stored answer.");
  }, 30_000);

  it("ends a stream attached afterwards with the stored answer", async () => {
    const sent = await startChat(member, "And this one?");
    await storeAsDone(sent.generationId, "Stored before anyone attached.");
    const events = await readEvents(member, sent.generationId);
    expect(new Set(eventTypesBefore(events))).toEqual(new Set(["queued"]));
    expect(events.at(-1)?.data.type).toBe("done");
    expect(events.at(-1)?.data.content).toBe("Stored before anyone attached.");
  }, 30_000);
});
