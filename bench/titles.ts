// Titles: does title work delay anyone's answer? A member's time to first token with no title job pending, then
// with 20 pending (made by 20 earlier conversations while the title queue was paused, then let go at once).
// A "slot" is one title generation's time, measured while nothing else runs: a design that let a title finish
// before an answer would cost the member up to one slot. One sequence, so every answer competes with the titles.
// Run: npm run bench:titles   (BENCH_SENDS, BENCH_TITLES override the defaults;
// BENCH_QUICK=1: the tiny model, 4 sends; still 20 titles)
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { HearthClient } from "@/testkit/client";
import type { Stack } from "@/testkit/stack";
import { elapsed, now } from "./support/clock";
import { compareWithJobsPending, openStackQueue, startOneSequenceStack, waitForNoJobs } from "./support/queued-work";
import { setting } from "./support/quick";
import { fmt, note } from "./support/report";
import { createUsers, installChatModel, stopBenchStack } from "./support/stack";
import { sendTimed } from "./support/timed-sends";

const SENDS = setting("BENCH_SENDS", 10, 4);
const TITLES = setting("BENCH_TITLES", 20, 20);

/** 20 conversations of another member: each asks for a title (held back while the title queue is paused). */
async function askForTitles(writer: HearthClient, topic: string): Promise<void> {
  for (let i = 0; i < TITLES; i++) await sendTimed(writer, `Conversation ${i + 1}: tell me about ${topic}.`);
}

async function main(): Promise<void> {
  const started = now();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-bench-titles-"));
  let stack: Stack | undefined;
  let titles: ReturnType<typeof openStackQueue> | undefined;
  try {
    stack = await startOneSequenceStack();
    titles = openStackQueue(stack, "title");
    const queue = titles.queue;
    const { admin, members } = await createUsers(stack, 2);
    await installChatModel(stack, admin, dir);
    const [writer, member] = members as [HearthClient, HearthClient];
    // Two conversations of the member's, one per phase, titled now, before any measuring.
    const quiet = await sendTimed(member, "Warm-up: load the model, please.");
    const busyOne = await sendTimed(member, "Warm-up: a second conversation.");
    await waitForNoJobs(queue);
    note(`stack up and warm (${elapsed(started)})`);

    const topics = ["hearths in old stone houses", "chimneys and their sweeps"];
    const { idleP50, busyP50, slot, extraSlots } = await compareWithJobsPending({
      queue,
      member,
      conversations: [quiet, busyOne],
      sends: SENDS,
      count: TITLES,
      noun: "title",
      slotIs: "one title alone",
      pend: (round) => askForTitles(writer, topics[round] ?? ""),
      log: (line) => note(`${line} (${elapsed(started)})`),
    });
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
