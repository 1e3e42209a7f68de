// HEARTH_WORKER_SEQUENCES=auto: the worker sizes how many answers it serves at once from the model and its
// memory, says so, and really serves that many at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HearthClient } from "@/testkit/client";
import { readEvents } from "@/testkit/client";
import { setUpFamily, startChat } from "@/testkit/family";
import { installSlowModel } from "@/testkit/models";
import { type Stack, startStack } from "@/testkit/stack";

let stack: Stack;
let admin: HearthClient;
let alice: HearthClient;
let bob: HearthClient;
let slowId: string;

beforeAll(async () => {
  stack = await startStack({ worker: true, extraEnv: { HEARTH_WORKER_SEQUENCES: "auto", HEARTH_CONTEXT_SIZE: "1024" } });
  const family = await setUpFamily(stack, ["Alice", "Bob"]);
  admin = family.admin;
  [alice, bob] = family.members as [HearthClient, HearthClient];
  slowId = await installSlowModel(stack.modelsDir, family.admin);
  // Started again now that a default model is installed: `auto` sizes itself from it at start.
  await stack.stopWorker();
  await stack.startWorker();
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe("sequences: auto", () => {
  it("the worker says how many answers it serves at once: at least one, more when memory allows", () => {
    // The restarted worker's line (the first start, with no model installed yet, begins with one).
    const ready = [...stack.output().worker.matchAll(/sequences=(\d+) \(auto\)/g)];
    expect(ready.map((m) => Number(m[1]))[0]).toBe(1);
    // A tiny model at a 1,024-token context leaves room for more than one on any machine that runs these tests.
    expect(Number(ready.at(-1)?.[1])).toBeGreaterThanOrEqual(2);
  });

  it("the admin page shows the number the worker chose", async () => {
    const ready = [...stack.output().worker.matchAll(/sequences=(\d+) \(auto\)/g)].at(-1);
    const page = await (await admin.fetch("/admin")).text();
    expect(page).toContain(`Answers at once: ${ready?.[1]} (auto: as many as fit the memory).`);
  });

  it("serves two answers at once: both have started before either ends", async () => {
    const [a, b] = await Promise.all([
      startChat(alice, "Please write a long answer about fire.", slowId),
      startChat(bob, "Please write a long answer about water.", slowId),
    ]);
    const started: number[] = [];
    const ended: number[] = [];
    const watch = (e: { data: { type: string } }) => {
      if (e.data.type === "started") started.push(performance.now());
      if (["done", "stopped", "failed"].includes(e.data.type)) ended.push(performance.now());
    };
    const [eventsA, eventsB] = await Promise.all([
      readEvents(alice, a.generationId, { onEvent: watch }),
      readEvents(bob, b.generationId, { onEvent: watch }),
    ]);
    expect(eventsA.at(-1)?.data.type).toBe("done");
    expect(eventsB.at(-1)?.data.type).toBe("done");
    expect(started).toHaveLength(2);
    expect(Math.max(...started)).toBeLessThan(Math.min(...ended));
  }, 120_000);
});
