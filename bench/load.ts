// Load: many members at once, each sending several messages in one conversation (each after the previous answer
// ended), through the HTTP API a browser uses. Every answer's streamed text (SSE) is compared with what was stored.
//   lost:   an answer that never reached a final event, or is not final in the database
//   failed: an answer stored as failed
//   errors: HTTP or stream errors, and answers whose streamed text differs from the stored one
// Run: npm run bench:load   (BENCH_USERS, BENCH_MESSAGES, BENCH_MAX_TOKENS, BENCH_SEQUENCES override the defaults;
// BENCH_QUICK=1: 4 members × 2 messages)
import { TEST_MODEL_FILE } from "@/testkit/stack";
import { setting } from "./support/quick";
import { fmt, note, percentile, printTable } from "./support/report";
import { createUsers, registerModel, startBenchStack, stopBenchStack } from "./support/stack";
import { sendTimed, type TimedGeneration, ttftMs } from "./support/timed-sends";

const USERS = setting("BENCH_USERS", 50, 4);
const MESSAGES = setting("BENCH_MESSAGES", 3, 2);
const MAX_TOKENS = setting("BENCH_MAX_TOKENS", 32, 4);
const SEQUENCES = setting("BENCH_SEQUENCES", 4, 2);

type StoredMessage = { id: string; role: string; status: string; content: string };
type Member = Awaited<ReturnType<typeof createUsers>>["members"][number];
type Result = { user: number; client: Member; generations: TimedGeneration[]; errors: string[] };

/** One member's session: send, follow the answer to its end, send the next, in one conversation. */
async function member(client: Member, user: number): Promise<Result> {
  const result: Result = { user, client, generations: [], errors: [] };
  let conversationId: string | undefined;
  for (let i = 0; i < MESSAGES; i++) {
    try {
      const generation = await sendTimed(client, `Member ${user + 1}, message ${i + 1}: what keeps a fire going?`, { conversationId });
      conversationId = generation.conversationId;
      result.generations.push(generation);
    } catch (error) {
      result.errors.push(`member ${user + 1} message ${i + 1}: ${(error as Error).message}`);
    }
  }
  return result;
}

async function main(): Promise<void> {
  const stack = await startBenchStack({
    HEARTH_WORKER_THREADS: "1",
    HEARTH_WORKER_SEQUENCES: String(SEQUENCES),
    HEARTH_MAX_OUTPUT_TOKENS: String(MAX_TOKENS),
  });
  try {
    note(`creating ${USERS} members`);
    const { admin, members } = await createUsers(stack, USERS);
    await registerModel(admin, "Tiny", TEST_MODEL_FILE);
    note(`${USERS} members send ${MESSAGES} messages each, all at once`);
    const startedAt = performance.now();
    const results = await Promise.all(members.map((client, i) => member(client, i)));
    const wallS = (performance.now() - startedAt) / 1000;

    const errors = results.flatMap((r) => r.errors);
    let lost = USERS * MESSAGES - results.reduce((n, r) => n + r.generations.length, 0);
    let failed = 0;
    for (const [i, result] of results.entries()) {
      const conversationId = result.generations[0]?.conversationId;
      if (!conversationId) continue;
      const { status, data } = await result.client.json<{ conversation: { messages: StoredMessage[] } }>(
        `/api/conversations/${conversationId}`,
      );
      if (status !== 200) {
        errors.push(`member ${i + 1}: reading the conversation: HTTP ${status}`);
        continue;
      }
      const stored = data.conversation.messages;
      if (stored.length !== result.generations.length * 2)
        errors.push(`member ${i + 1}: ${stored.length} messages stored for ${result.generations.length} sent`);
      for (const generation of result.generations) {
        const answer = stored.find((m) => m.id === generation.generationId);
        if (!answer || !["done", "stopped", "failed"].includes(answer.status) || generation.finalType !== answer.status) lost++;
        else if (answer.status === "failed") failed++;
        else if (answer.content !== generation.text)
          errors.push(`member ${i + 1}: answer ${generation.generationId} streamed text differs from the stored one`);
      }
    }
    const generations = results.flatMap((r) => r.generations);
    const ttfts = generations.map(ttftMs);
    const tokens = generations.reduce((n, g) => n + g.outputTokens, 0);
    printTable(
      `load: ${USERS} members × ${MESSAGES} messages, ${MAX_TOKENS}-token answers, ${SEQUENCES} sequences, 1 thread`,
      ["answers", "wall_s", "answers_per_s", "tokens_per_s", "ttft_p50_ms", "ttft_p95_ms", "ttft_max_ms"],
      [
        [
          generations.length,
          fmt(wallS),
          fmt(generations.length / wallS, 2),
          fmt(tokens / wallS),
          fmt(percentile(ttfts, 50), 0),
          fmt(percentile(ttfts, 95), 0),
          fmt(percentile(ttfts, 100), 0),
        ],
      ],
    );
    for (const error of errors.slice(0, 10)) note(`error: ${error}`);
    console.log(
      `load users=${USERS} msgs=${USERS * MESSAGES} lost=${lost} failed=${failed} errors=${errors.length} p95_ttft_ms=${fmt(percentile(ttfts, 95), 0)}`,
    );
    process.exitCode = lost || failed || errors.length ? 1 : 0;
  } finally {
    await stopBenchStack(stack);
  }
}

await main();
