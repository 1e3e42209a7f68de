// Titles: does title work delay anyone's answer? A member's time to first token with no title job pending, then
// with 20 pending (made by 20 earlier conversations while the title queue was paused, then let go at once).
// A "slot" is one title generation's time, measured while nothing else runs: a design that let a title finish
// before an answer would cost the member up to one slot. One sequence, so every answer competes with the titles.
// Run: npm run bench:titles   (BENCH_SENDS, BENCH_TITLES override the defaults;
// BENCH_QUICK=1: the tiny model, 4 sends; still 20 titles)
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Queue } from "bullmq";
import type { HearthClient } from "@/testkit/client";
import type { Stack } from "@/testkit/stack";
import { elapsed, now } from "./support/clock";
import { memberSends, openStackQueue, pendingJobs, pendJobs, reportSlots, slotMs, waitForNoJobs } from "./support/queued-work";
import { QUICK, setting } from "./support/quick";
import { fmt, note } from "./support/report";
import { createUsers, installChatModel, startBenchStack, stopBenchStack } from "./support/stack";
import { sendTimed } from "./support/timed-sends";

const SENDS = setting("BENCH_SENDS", 10, 4);
const TITLES = setting("BENCH_TITLES", 20, 20);
const MAX_TOKENS = QUICK ? 8 : 32;
/** Between a member's sends: long enough that the titles get the sequence in between. */
const PAUSE_MS = QUICK ? 50 : 300;

/** 20 conversations of another member, their title jobs held back until all are asked for. */
function pendTitles(writer: HearthClient, queue: Queue, topic: string): Promise<void> {
  return pendJobs(queue, TITLES, async () => {
    for (let i = 0; i < TITLES; i++) await sendTimed(writer, `Conversation ${i + 1}: tell me about ${topic}.`);
  });
}

async function main(): Promise<void> {
  const started = now();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-bench-titles-"));
  let stack: Stack | undefined;
  let titles: ReturnType<typeof openStackQueue> | undefined;
  try {
    stack = await startBenchStack({
      HEARTH_WORKER_SEQUENCES: "1",
      HEARTH_WORKER_THREADS: QUICK ? "1" : "2",
      HEARTH_MAX_OUTPUT_TOKENS: String(MAX_TOKENS),
      HEARTH_CONTEXT_SIZE: "1024",
    });
    titles = openStackQueue(stack, "title");
    const queue = titles.queue;
    const { admin, members } = await createUsers(stack, 2);
    await installChatModel(stack, admin, dir);
    const [writer, member] = members as [HearthClient, HearthClient];
    // Two conversations of the member's, one per phase, titled now, before any measuring.
    const quiet = (await sendTimed(member, "Warm-up: load the model, please.")).conversationId;
    const busyOne = (await sendTimed(member, "Warm-up: a second conversation.")).conversationId;
    await waitForNoJobs(queue);
    note(`stack up and warm (${elapsed(started)})`);

    const sends = { member, queue, sends: SENDS, pauseMs: PAUSE_MS };
    const idle = await memberSends({ ...sends, conversationId: quiet, label: "no title pending" });
    note(`idle phase done (${elapsed(started)})`);

    // Titles alone: one slot is the time a title takes when nothing else runs.
    await pendTitles(writer, queue, "hearths in old stone houses");
    const slot = await slotMs(queue, TITLES);
    note(`${TITLES} titles alone: ${fmt(slot * TITLES)} ms (${elapsed(started)})`);

    // The same again, left pending while the member sends.
    await pendTitles(writer, queue, "chimneys and their sweeps");
    const pending = await pendingJobs(queue);
    await queue.resume();
    const busy = await memberSends({ ...sends, conversationId: busyOne, label: `${pending} titles pending` });
    await waitForNoJobs(queue);
    note(`busy phase done (${elapsed(started)})`);

    const { idleP50, busyP50, extraSlots } = reportSlots(
      `titles: 1 sequence, MAX_OUTPUT_TOKENS=${MAX_TOKENS}, ${SENDS} member sends ${PAUSE_MS} ms apart; slot = one title alone = ${fmt(slot)} ms`,
      idle,
      busy,
      slot,
    );
    note(`total ${elapsed(started)}`);
    console.log(
      `titles ttft_p50_idle_ms=${fmt(idleP50)} ttft_p50_with_${TITLES}_titles_ms=${fmt(busyP50)} slot_ms=${fmt(slot)} extra_slots=${fmt(extraSlots, 2)}`,
    );
  } finally {
    await titles?.close();
    await stopBenchStack(stack);
    await fs.rm(dir, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
