// Does background work delay anyone's answer? The method of the titles and documents benches: a member's time
// to first token with no job pending, then with N pending (made while their queue was paused, then let go at
// once). A "slot" is one job's time, measured while nothing else runs: a design that let a job finish before an
// answer would cost the member up to one slot.
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import type { HearthClient } from "@/testkit/client";
import type { Stack } from "@/testkit/stack";
import { now } from "./clock";
import { QUICK } from "./quick";
import { fmt, percentile, printTable } from "./report";
import { startBenchStack } from "./stack";
import { sendTimed, ttftMs } from "./timed-sends";

/** The member's answers: short, as the benches of this method compare waits, not decoding. */
const MAX_TOKENS = QUICK ? 8 : 32;
/** Between a member's sends: long enough that the jobs get the sequence in between. */
const PAUSE_MS = QUICK ? 50 : 300;

/** A stack whose worker has one sequence: every answer competes with the background jobs for it. */
export function startOneSequenceStack(): Promise<Stack> {
  return startBenchStack({
    HEARTH_WORKER_SEQUENCES: "1",
    HEARTH_WORKER_THREADS: QUICK ? "1" : "2",
    HEARTH_MAX_OUTPUT_TOKENS: String(MAX_TOKENS),
    HEARTH_CONTEXT_SIZE: "1024",
  });
}

type Phase = { label: string; ttfts: number[]; pendingAtSend: number[] };
/** A conversation the member asks in, and its first question. */
export type Asked = { conversationId: string; userMessageId: string };

/** A handle on one of the stack's queues (its own Redis connection), to pause, resume and count its jobs. */
export function openStackQueue(stack: Stack, name: string): { queue: Queue; close: () => Promise<void> } {
  const redis = new Redis(stack.env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection: redis, prefix: stack.env.HEARTH_REDIS_PREFIX });
  return {
    queue,
    close: async () => {
      await queue.close();
      redis.disconnect();
    },
  };
}

/** Jobs not yet done: the queue's waiting, paused, prioritized and active ones. */
async function pendingJobs(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts("wait", "active", "paused", "prioritized");
  return (counts.wait ?? 0) + (counts.active ?? 0) + (counts.paused ?? 0) + (counts.prioritized ?? 0);
}

export async function waitForNoJobs(queue: Queue, timeoutMs = 600_000): Promise<number> {
  const started = now();
  while ((await pendingJobs(queue)) > 0) {
    if (now() - started > timeoutMs) throw new Error(`${queue.name} jobs never drained`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return now() - started;
}

/** Pauses the queue, lets `make` ask for `count` jobs, and waits until they are all pending. */
async function pendJobs(queue: Queue, count: number, make: () => Promise<void>): Promise<void> {
  await queue.pause();
  await make();
  // A job may be asked for just after the request that causes it returns: wait for the last one.
  const asked = now();
  while ((await pendingJobs(queue)) < count && now() - asked < 10_000) await new Promise((r) => setTimeout(r, 20));
}

/** Let go at once, then the time the jobs take alone, per job: one slot. */
async function slotMs(queue: Queue, count: number): Promise<number> {
  await queue.resume();
  return (await waitForNoJobs(queue)) / count;
}

/**
 * The member's sends in one conversation, `pauseMs` apart, noting how many jobs were pending at each. Each send
 * edits the conversation's first question, so every answer reads a prompt of the same length: the phases compare
 * waits, not how far each conversation has grown (the benches' tiny models answer at random lengths, and a
 * conversation ten turns long doubles the first token's time).
 */
async function memberSends(input: {
  member: HearthClient;
  asked: Asked;
  label: string;
  queue: Queue;
  sends: number;
  pauseMs: number;
}): Promise<Phase> {
  const phase: Phase = { label: input.label, ttfts: [], pendingAtSend: [] };
  for (let i = 0; i < input.sends; i++) {
    phase.pendingAtSend.push(await pendingJobs(input.queue));
    const question = `Question ${i + 1} from the member: how do I keep a fire going overnight?`;
    const { conversationId, userMessageId } = input.asked;
    const t = ttftMs(await sendTimed(input.member, question, { conversationId, editOf: userMessageId }));
    if (t !== null) phase.ttfts.push(t);
    await new Promise((r) => setTimeout(r, input.pauseMs));
  }
  return phase;
}

/** The phases' table, and how many slots more the member waited with the jobs pending (p50 against p50). */
function reportSlots(title: string, idle: Phase, busy: Phase, slot: number): { idleP50: number; busyP50: number; extraSlots: number } {
  printTable(
    title,
    ["phase", "sends", "pending at sends", "ttft p50 ms", "ttft p95 ms", "ttft max ms"],
    [idle, busy].map((p) => [
      p.label,
      p.ttfts.length,
      p.pendingAtSend.join(","),
      fmt(percentile(p.ttfts, 50)),
      fmt(percentile(p.ttfts, 95)),
      fmt(Math.max(...p.ttfts)),
    ]),
  );
  const idleP50 = percentile(idle.ttfts, 50);
  const busyP50 = percentile(busy.ttfts, 50);
  return { idleP50, busyP50, extraSlots: Math.max(0, busyP50 - idleP50) / slot };
}

/**
 * The method, start to end, on a stack from startOneSequenceStack: the member's sends (in the first conversation)
 * with no job pending; `count` jobs alone, one slot being their time ÷ count; the same again, left pending while
 * the member sends (in the second). `pend(round)` asks for the jobs while their queue is paused. Prints the table.
 */
export async function compareWithJobsPending(input: {
  queue: Queue;
  member: HearthClient;
  conversations: [Asked, Asked];
  sends: number;
  count: number;
  /** What a job is, for the table: "title", "indexing job". */
  noun: string;
  /** What one slot is, for the table's title. */
  slotIs: string;
  pend: (round: number) => Promise<void>;
  log: (line: string) => void;
}): Promise<{ idleP50: number; busyP50: number; extraSlots: number; slot: number }> {
  const { queue, count } = input;
  const sends = { member: input.member, queue, sends: input.sends, pauseMs: PAUSE_MS };
  const idle = await memberSends({ ...sends, asked: input.conversations[0], label: `no ${input.noun} pending` });
  await pendJobs(queue, count, () => input.pend(0));
  const slot = await slotMs(queue, count);
  input.log(`${count} ${input.noun}s alone: ${fmt(slot * count)} ms`);
  await pendJobs(queue, count, () => input.pend(1));
  const pending = await pendingJobs(queue);
  await queue.resume();
  const busy = await memberSends({ ...sends, asked: input.conversations[1], label: `${pending} ${input.noun}s pending` });
  await waitForNoJobs(queue);
  const title = `${input.noun}s: 1 sequence, MAX_OUTPUT_TOKENS=${MAX_TOKENS}, ${input.sends} member sends ${PAUSE_MS} ms apart; slot = ${input.slotIs} = ${fmt(slot)} ms`;
  return { ...reportSlots(title, idle, busy, slot), slot };
}
