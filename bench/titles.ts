// Titles: does title work delay anyone's answer? A member's time to first token with no title job pending, then
// with 20 pending (made by 20 earlier conversations while the title queue was paused, then let go at once).
// A "slot" is one title generation's time, measured while nothing else runs: a design that let a title finish
// before an answer would cost the member up to one slot. One sequence, so every answer competes with the titles.
// Run: npm run bench:titles   (BENCH_SENDS, BENCH_TITLES override the defaults;
// BENCH_QUICK=1: the tiny model, 4 sends; still 20 titles)
import os from "node:os";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import type { HearthClient } from "@/testkit/client";
import type { Stack } from "@/testkit/stack";
import { TINY_MODEL_PRESETS } from "@/tools/gguf/tiny-model";
import { elapsed, now } from "./support/clock";
import { runBench, withBenchModel } from "./support/model-file";
import { QUICK, setting } from "./support/quick";
import { fmt, note, percentile, printTable } from "./support/report";
import { usersWithModel, withBenchStack } from "./support/stack";
import { sendTimed, type TimedGeneration, ttftMs } from "./support/timed-sends";

const SENDS = setting("BENCH_SENDS", 10, 4);
const TITLES = setting("BENCH_TITLES", 20, 20);
const MAX_TOKENS = QUICK ? 8 : 32;
const MODEL = QUICK ? { ...TINY_MODEL_PRESETS.tiny, vocab: 2048, ctx: 2048 } : TINY_MODEL_PRESETS["0.6b"];
const MODEL_FILE = QUICK ? "bench/tiny-q.gguf" : "bench/small-0.6b-q4_0.gguf";
/** Between a member's sends: long enough that the titles get the sequence in between. */
const PAUSE_MS = QUICK ? 50 : 300;

type Phase = { label: string; ttfts: number[]; pendingAtSend: number[] };

/** Titles not yet written: the queue's waiting and active title jobs. */
async function pendingTitles(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts("wait", "active", "paused", "prioritized");
  return (counts.wait ?? 0) + (counts.active ?? 0) + (counts.paused ?? 0) + (counts.prioritized ?? 0);
}

/** Follow-ups in one conversation the member started during the warm-up: they ask for no title of their own. */
async function memberSends(member: HearthClient, conversationId: string, label: string, queue: Queue): Promise<Phase> {
  const phase: Phase = { label, ttfts: [], pendingAtSend: [] };
  for (let i = 0; i < SENDS; i++) {
    phase.pendingAtSend.push(await pendingTitles(queue));
    const question = `Question ${i + 1} from the member: how do I keep a fire going overnight?`;
    const g: TimedGeneration = await sendTimed(member, question, { conversationId });
    const t = ttftMs(g);
    if (t !== null) phase.ttfts.push(t);
    await new Promise((r) => setTimeout(r, PAUSE_MS));
  }
  return phase;
}

/** 20 conversations of another member, their title jobs held back until all are asked for. */
async function pendTitles(writer: HearthClient, queue: Queue, topic: string): Promise<void> {
  await queue.pause();
  for (let i = 0; i < TITLES; i++) await sendTimed(writer, `Conversation ${i + 1}: tell me about ${topic}.`);
  // A title is asked for just after its answer is announced: wait for the last one.
  const asked = now();
  while ((await pendingTitles(queue)) < TITLES && now() - asked < 10_000) await new Promise((r) => setTimeout(r, 20));
}

async function waitForNoTitles(queue: Queue, timeoutMs = 600_000): Promise<number> {
  const started = now();
  while ((await pendingTitles(queue)) > 0) {
    if (now() - started > timeoutMs) throw new Error("titles never drained");
    await new Promise((r) => setTimeout(r, 20));
  }
  return now() - started;
}

/** The title queue, read directly (the bench pauses and resumes it), for the length of `run`. */
async function withTitleQueue<T>(stack: Stack, run: (queue: Queue) => Promise<T>): Promise<T> {
  const redis = new Redis(stack.env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
  const queue = new Queue("title", { connection: redis, prefix: stack.env.HEARTH_REDIS_PREFIX });
  try {
    return await run(queue);
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

/** The member's sends with no title pending, one slot measured alone, then the sends with titles pending. */
async function measure(stack: Stack, queue: Queue, modelPath: string, started: number): Promise<void> {
  const { members } = await usersWithModel(stack, 2, { source: modelPath, file: MODEL_FILE, name: "Bench model" });
  const [writer, member] = members as [HearthClient, HearthClient];
  // Two conversations of the member's, one per phase, titled now, before any measuring.
  const quiet = (await sendTimed(member, "Warm-up: load the model, please.")).conversationId;
  const busyOne = (await sendTimed(member, "Warm-up: a second conversation.")).conversationId;
  await waitForNoTitles(queue);
  note(`stack up and warm (${elapsed(started)})`);

  const idle = await memberSends(member, quiet, "no title pending", queue);
  note(`idle phase done (${elapsed(started)})`);

  // Titles alone: one slot is the time a title takes when nothing else runs.
  await pendTitles(writer, queue, "hearths in old stone houses");
  await queue.resume();
  const drainMs = await waitForNoTitles(queue);
  const slotMs = drainMs / TITLES;
  note(`${TITLES} titles alone: ${fmt(drainMs)} ms (${elapsed(started)})`);

  // The same again, left pending while the member sends.
  await pendTitles(writer, queue, "chimneys and their sweeps");
  const pending = await pendingTitles(queue);
  await queue.resume();
  const busy = await memberSends(member, busyOne, `${pending} titles pending`, queue);
  await waitForNoTitles(queue);
  note(`busy phase done (${elapsed(started)})`);

  printTable(
    `titles: 1 sequence, MAX_OUTPUT_TOKENS=${MAX_TOKENS}, ${SENDS} member sends ${PAUSE_MS} ms apart; slot = one title alone = ${fmt(slotMs)} ms`,
    ["phase", "sends", "titles pending at sends", "ttft p50 ms", "ttft p95 ms", "ttft max ms"],
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
  const extraSlots = Math.max(0, busyP50 - idleP50) / slotMs;
  // The claim is "at most one slot more": the worst wait with titles pending against the worst without.
  const extraSlotsMax = Math.max(0, Math.max(...busy.ttfts) - Math.max(...idle.ttfts)) / slotMs;
  note(`total ${elapsed(started)}`);
  console.log(
    `titles ttft_p50_idle_ms=${fmt(idleP50)} ttft_p50_with_${TITLES}_titles_ms=${fmt(busyP50)} slot_ms=${fmt(slotMs)} extra_slots=${fmt(extraSlots, 2)} extra_slots_max=${fmt(extraSlotsMax, 2)} load_1m=${fmt(os.loadavg()[0], 2)}`,
  );
}

async function main(): Promise<void> {
  const started = now();
  const stackEnv = {
    HEARTH_WORKER_SEQUENCES: "1",
    HEARTH_WORKER_THREADS: QUICK ? "1" : "2",
    HEARTH_MAX_OUTPUT_TOKENS: String(MAX_TOKENS),
    HEARTH_CONTEXT_SIZE: "1024",
  };
  await withBenchModel("titles", { file: MODEL_FILE, ...MODEL }, (model) =>
    withBenchStack(stackEnv, (stack) => withTitleQueue(stack, (queue) => measure(stack, queue, model.path, started))),
  );
}

runBench(main);
