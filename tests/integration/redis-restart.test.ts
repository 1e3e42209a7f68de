// Redis restarting without its data (as on a machine where it keeps nothing on disk) loses no message:
// PostgreSQL holds every message, and the worker puts unfinished answers back on the queue.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HearthClient } from "@/testkit/client";
import { readEvents } from "@/testkit/client";
import { setUpFamily, startChat } from "@/testkit/family";
import { createRedisServer, type RedisServer } from "@/testkit/redis-server";
import { type Stack, startStack } from "@/testkit/stack";

let redis: RedisServer;
let stack: Stack;
let member: HearthClient;

beforeAll(async () => {
  redis = await createRedisServer();
  await redis.start();
  stack = await startStack({ worker: false, extraEnv: { REDIS_URL: redis.url } });
  [member] = (await setUpFamily(stack, ["Mia"])).members as [HearthClient];
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await redis?.kill();
});

describe("Redis restart", () => {
  it("keeps queued messages and answers them after Redis comes back empty", async () => {
    const before = await startChat(member, "Sent before Redis restarted");
    await redis.kill();
    await redis.start();

    // The web reconnects by itself; a message sent now is queued on the new Redis.
    let health = 0;
    for (let i = 0; i < 50 && health !== 200; i++) {
      health = (await fetch(`${stack.baseUrl}/api/health`)).status;
      if (health !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(health).toBe(200);
    const after = await startChat(member, "Sent after Redis restarted");

    // Long enough for the first answer to count as stale, so the worker's recovery re-queues it.
    await new Promise((r) => setTimeout(r, 5500));
    await stack.startWorker();
    const [first, second] = await Promise.all([readEvents(member, before.generationId), readEvents(member, after.generationId)]);
    expect(first.at(-1)?.data.type).toBe("done");
    expect(second.at(-1)?.data.type).toBe("done");
    const { data } = await member.json<{ conversation: { messages: { role: string; status: string; content: string }[] } }>(
      `/api/conversations/${before.conversationId}`,
    );
    expect(data.conversation.messages.map((m) => [m.role, m.status])).toEqual([
      ["user", "done"],
      ["assistant", "done"],
    ]);
    expect(data.conversation.messages[1]?.content).toBe(first.at(-1)?.data.content);
  }, 90_000);
});
