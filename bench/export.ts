// Export memory: one member with a long history (200 MB of message text), downloaded as the ZIP of everything
// through the real web server. The export streams, so the web process's memory should grow by a bounded
// amount, not by the size of the history. Prints the RSS growth (peak during the download minus before) and
// the speed. Run: npm run bench:export   (BENCH_QUICK=1: 2 MB, for the bench's own test)
import os from "node:os";
import { sql } from "@/testkit/accounts";
import { elapsed, now } from "./support/clock";
import { setting } from "./support/quick";
import { fmt, note, printTable } from "./support/report";
import { watchPeakRss } from "./support/rss";
import { createUsers, startBenchStack, stopBenchStack } from "./support/stack";

const HISTORY_MB = setting("BENCH_HISTORY_MB", 200, 2);
const MESSAGE_KB = 2;
const PER_CONVERSATION = 40;
const MB = 1024 * 1024;

/** Messages of ~2 KB of hex text (compresses about 2:1, as prose does), PER_CONVERSATION to a conversation. */
async function seed(stack: Parameters<typeof sql>[0], userId: string, messages: number): Promise<void> {
  const conversations = Math.ceil(messages / PER_CONVERSATION);
  await sql(
    stack,
    `INSERT INTO "Conversation" (id, "userId", title, "createdAt", "updatedAt")
     SELECT 'bench-' || n, $1, 'Conversation ' || n, now() - n * interval '1 minute', now() FROM generate_series(1, $2::int) AS n`,
    [userId, conversations],
  );
  await sql(
    stack,
    `INSERT INTO "Message" (id, "conversationId", "userId", "parentId", role, content, status, "createdAt", "updatedAt")
     SELECT 'm-' || n, 'bench-' || (1 + n / $2::int), $5, CASE WHEN n % $2::int = 0 THEN NULL ELSE 'm-' || (n - 1) END,
       (CASE WHEN n % 2 = 0 THEN 'user' ELSE 'assistant' END)::"MessageRole",
       (SELECT string_agg(md5(n::text || ':' || k), ' ') FROM generate_series(1, $3::int) AS k),
       'done', now() + n * interval '1 millisecond', now()
     FROM generate_series(0, $1::int * $2::int - 1) AS n WHERE n < $4::int`,
    [conversations, PER_CONVERSATION, Math.round((MESSAGE_KB * 1024) / 33), messages, userId],
  );
  await sql(stack, `ANALYZE "Message"; ANALYZE "Conversation"`);
}

/** Downloads the ZIP without keeping it, sampling the web server's memory as it goes. */
async function download(fetchZip: () => Promise<Response>, pid: number) {
  const memory = watchPeakRss(pid, 20);
  const start = now();
  const response = await fetchZip();
  if (response.status !== 200 || !response.body) throw new Error(`export answered ${response.status}`);
  let bytes = 0;
  const reader = response.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    bytes += chunk.value.byteLength;
    memory.sample();
  }
  const seconds = (now() - start) / 1000;
  return { bytes, seconds, ...memory.stop() };
}

async function main() {
  const stack = await startBenchStack({}, { worker: false });
  try {
    const { admin, members } = await createUsers(stack, 1);
    const member = members[0];
    const pid = stack.webPid();
    if (!member || !pid) throw new Error("no member or no web server");
    const [row] = await sql<{ id: string }>(stack, `SELECT id FROM "User" WHERE email = 'member1@bench.example'`);
    const messages = Math.round((HISTORY_MB * MB) / (MESSAGE_KB * 1024));
    const seedStart = now();
    await seed(stack, row?.id ?? "", messages);
    const [size] = await sql<{ bytes: string }>(stack, `SELECT sum(octet_length(content))::text AS bytes FROM "Message"`);
    const historyMb = Number(size?.bytes ?? 0) / MB;
    note(`seeded ${messages} messages (${fmt(historyMb)} MB of text) in ${elapsed(seedStart)}`);
    // The first export loads the route's code: warm it on the admin's empty history so it is not counted.
    await (await admin.fetch("/api/account/export?format=zip")).arrayBuffer();
    const run = await download(() => member.fetch("/api/account/export?format=zip"), pid);
    const zipMb = run.bytes / MB;
    const growthMb = (run.peak - run.before) / MB;
    const mbPerS = historyMb / run.seconds;
    printTable(
      "Export of everything as a ZIP, through the web server",
      ["history MB", "messages", "zip MB", "seconds", "history MB/s", "web RSS before MB", "sampled peak MB", "peak MB", "growth MB"],
      [
        [
          fmt(historyMb),
          messages,
          fmt(zipMb),
          fmt(run.seconds),
          fmt(mbPerS),
          fmt(run.before / MB),
          fmt(run.sampledPeak / MB),
          fmt(run.peak / MB),
          fmt(growthMb),
        ],
      ],
    );
    console.log(
      `export history_mb=${fmt(historyMb)} zip_mb=${fmt(zipMb)} rss_growth_mb=${fmt(growthMb)} mb_per_s=${fmt(mbPerS)} load_1m=${fmt(os.loadavg()[0], 2)}`,
    );
  } finally {
    await stopBenchStack(stack);
  }
}

await main();
