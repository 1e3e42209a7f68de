// Concurrency: does serving several users at once on one worker raise aggregate throughput, and is the queue fair?
// On a generated model shaped like a real small model (TINY_MODEL_PRESETS["0.6b"], Q4_0, ~340 MB):
//   (b) raw node-llama-cpp in this process: k prompts on k sequences of one context vs one at a time (run first);
//   (a) the pipeline: U members send at once vs the same U messages one after another, 8 sequences, 2 threads;
//   (c) fairness: with 2 sequences, a heavy user floods 20 messages, then a light user sends one; counts the heavy
//       generations that started between the light message's enqueue and its start.
// Run: npm run bench:concurrency   (BENCH_MAX_TOKENS, BENCH_FAIR_MAX_TOKENS, BENCH_HEAVY override the defaults;
// BENCH_QUICK=1: the tiny model, 1 and 2 users, 4-token answers; still 20 heavy messages)
import { compareStreamIds } from "@/lib/generations/protocol";
import type { HearthClient } from "@/testkit/client";
import type { Stack } from "@/testkit/stack";
import { TINY_MODEL_PRESETS } from "@/tools/gguf/tiny-model";
import { elapsed, now } from "./support/clock";
import { cpuSince, cpuSnapshot } from "./support/cpu";
import { type BenchModel, runBench, withBenchModel } from "./support/model-file";
import { QUICK, setting } from "./support/quick";
import { openRawEngine, type RawRun, rawGenerate, rawTtftMs } from "./support/raw-engine";
import { fmt, note, percentile, printTable, sum } from "./support/report";
import { restartWorker, usersWithModel, withBenchStack } from "./support/stack";
import { follow, post, type Sent, sendTimed, type TimedEvent, type TimedGeneration, ttftMs } from "./support/timed-sends";

const MAX_TOKENS = setting("BENCH_MAX_TOKENS", 32, 4);
const FAIR_MAX_TOKENS = setting("BENCH_FAIR_MAX_TOKENS", 12, 4);
// Twice what a member may have waiting by default (HEARTH_MAX_QUEUED_PER_MEMBER, 10), quick mode included: the
// flood needs the raised cap below, and a quick run shows it still gets in.
const HEAVY_MESSAGES = Number(process.env.BENCH_HEAVY ?? 20);
const SEQUENCES = QUICK ? 2 : 8;
const FAIR_SEQUENCES = 2;
const THREADS = QUICK ? 1 : 2;
const CONTEXT_SIZE = 1024;
const USER_COUNTS = QUICK ? [1, 2] : [1, 2, 4, 8];
const MODEL = QUICK ? { ...TINY_MODEL_PRESETS.tiny, vocab: 2048, ctx: 2048 } : TINY_MODEL_PRESETS["0.6b"];
const MODEL_FILE = QUICK ? "bench/tiny-q.gguf" : "bench/small-0.6b-q4_0.gguf";

/** One prompt per user, of similar length, so every user's prompt costs about the same to evaluate. */
const prompts = Array.from({ length: SEQUENCES }, (_, i) => `User ${i + 1} here: tell me about hearths and fireplaces in old houses.`);

type Aggregate = { tokens: number; wallMs: number; tokPerSec: number };

function aggregate(tokens: number[], startAt: number, endAt: number): Aggregate {
  const total = sum(tokens);
  const wallMs = endAt - startAt;
  return { tokens: total, wallMs, tokPerSec: total / (wallMs / 1000) };
}

// ---------------------------------------------------------------------------------------------------------------
// (b) raw node-llama-cpp

/** otherCpu: average cores used meanwhile by processes outside this bench (other people's work on the machine). */
type RawRow = { k: number; concurrent: Aggregate; sequential: Aggregate; ttftP50: number; otherCpu: number; seqOtherCpu: number };

async function rawPart(model: BenchModel): Promise<RawRow[]> {
  const engine = await openRawEngine({ model, threads: THREADS, sequences: SEQUENCES, contextSize: CONTEXT_SIZE });
  try {
    const leases = [];
    for (let i = 0; i < SEQUENCES; i++) leases.push(await engine.acquire());
    const first = leases[0];
    if (!first) throw new Error("no sequence");
    await rawGenerate(first, prompts[0] as string, MAX_TOKENS); // warm-up

    // One at a time on one sequence: the prompts in turn.
    const sequential: { run: RawRun; wallStart: number }[] = [];
    const seqCpu = await cpuSnapshot();
    for (const prompt of prompts) {
      const wallStart = now();
      sequential.push({ run: await rawGenerate(first, prompt, MAX_TOKENS), wallStart });
    }
    const seqOtherCpu = (await cpuSince(seqCpu)).others;
    note(`raw sequential done: ${sum(sequential.map((s) => s.run.tokens))} tokens`);

    const rows: RawRow[] = [];
    for (const k of USER_COUNTS) {
      const cpu = await cpuSnapshot();
      const startAt = now();
      const runs = await Promise.all(leases.slice(0, k).map((lease, i) => rawGenerate(lease, prompts[i] as string, MAX_TOKENS)));
      const concurrent = aggregate(
        runs.map((r) => r.tokens),
        startAt,
        Math.max(...runs.map((r) => r.endAt)),
      );
      const firstK = sequential.slice(0, k);
      const seq = aggregate(
        firstK.map((s) => s.run.tokens),
        (firstK[0] as { wallStart: number }).wallStart,
        (firstK.at(-1) as { run: RawRun }).run.endAt,
      );
      const otherCpu = (await cpuSince(cpu)).others;
      rows.push({ k, concurrent, sequential: seq, ttftP50: percentile(runs.map(rawTtftMs), 50), otherCpu, seqOtherCpu });
      note(`raw k=${k}: ${fmt(concurrent.tokPerSec)} tok/s concurrent vs ${fmt(seq.tokPerSec)} sequential`);
    }
    for (const lease of leases) lease.release();
    return rows;
  } finally {
    await engine.dispose();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// (a) pipeline

type PipelineRow = {
  users: number;
  concurrent: Aggregate;
  sequential: Aggregate;
  concurrentTtft: number[];
  sequentialTtft: number[];
  otherCpu: number;
};

async function pipelineRow(members: HearthClient[], users: number): Promise<PipelineRow> {
  const group = members.slice(0, users);
  const cpu = await cpuSnapshot();
  const together = await Promise.all(group.map((client, i) => sendTimed(client, prompts[i] as string)));
  const concurrent = aggregate(
    together.map((g) => g.outputTokens),
    Math.min(...together.map((g) => g.postAt)),
    Math.max(...together.map((g) => g.finalAt)),
  );
  const inTurn: TimedGeneration[] = [];
  for (const [i, client] of group.entries()) inTurn.push(await sendTimed(client, prompts[i] as string));
  const sequential = aggregate(
    inTurn.map((g) => g.outputTokens),
    (inTurn[0] as TimedGeneration).postAt,
    (inTurn.at(-1) as TimedGeneration).finalAt,
  );
  const ttfts = (gs: TimedGeneration[]) => gs.map(ttftMs).filter((v): v is number => v !== null);
  const otherCpu = (await cpuSince(cpu)).others;
  return { users, concurrent, sequential, concurrentTtft: ttfts(together), sequentialTtft: ttfts(inTurn), otherCpu };
}

// ---------------------------------------------------------------------------------------------------------------
// (c) fairness

type Fairness = {
  heavy: TimedGeneration[];
  light: TimedGeneration;
  lightSent: Sent;
  heavyPostMs: number;
  startedBeforeLightEnqueued: number;
  waitSlots: number;
  waitSlotsByClientClock: number;
  maxConcurrent: number;
};

async function fairnessPart(heavyUser: HearthClient, lightUser: HearthClient): Promise<Fairness> {
  // Watch every generation's start and end as it happens, to check how many ran at once.
  let running = 0;
  let maxConcurrent = 0;
  const watch = (e: TimedEvent) => {
    if (e.type === "started") maxConcurrent = Math.max(maxConcurrent, ++running);
    if (e.type === "done" || e.type === "stopped" || e.type === "failed") running--;
  };

  const floodStart = now();
  // As fast as possible: all POSTs at once; each stream is followed from the moment its POST returns.
  const heavyFollows = await Promise.all(
    Array.from({ length: HEAVY_MESSAGES }, async (_, i) => {
      const sent = await post(heavyUser, `Heavy message ${i + 1}: tell me about hearths and fireplaces in old houses.`);
      const following = follow(heavyUser, sent, watch);
      following.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
      return { sent, following };
    }),
  );
  const heavyPostMs = now() - floodStart;
  const lightSent = await post(lightUser, "Light message: tell me about hearths and fireplaces in old houses, please.");
  const light = await follow(lightUser, lightSent, watch);
  const heavy = await Promise.all(heavyFollows.map((h) => h.following));

  // Server-side order: Redis Stream ids carry the Redis server's clock, so they order events of different
  // generations. The light message is enqueued right after its `queued` event is written.
  const lightQueued = light.queuedId;
  const lightStarted = light.startedId;
  if (!lightQueued || !lightStarted) throw new Error("light generation lacks queued/started event ids");
  const heavyStarts = heavy.map((g) => g.startedId).filter((id): id is string => id !== null);
  const startedBeforeLightEnqueued = heavyStarts.filter((id) => compareStreamIds(id, lightQueued) < 0).length;
  const waitSlots = heavyStarts.filter((id) => compareStreamIds(id, lightQueued) > 0 && compareStreamIds(id, lightStarted) < 0).length;
  // Cross-check on the client's clock: started events received after the light POST returned and before its own.
  const lightStartedAt = light.startedAt ?? Number.POSITIVE_INFINITY;
  const waitSlotsByClientClock = heavy.filter(
    (g) => g.startedAt !== null && g.startedAt > lightSent.postedAt && g.startedAt < lightStartedAt,
  ).length;
  return { heavy, light, lightSent, heavyPostMs, startedBeforeLightEnqueued, waitSlots, waitSlotsByClientClock, maxConcurrent };
}

// ---------------------------------------------------------------------------------------------------------------

type StackParts = { pipeline: PipelineRow[]; fair: Fairness; fairOtherCpu: number };

/** (a) and (c) on one stack: the pipeline with SEQUENCES sequences, then fairness on a worker restarted with 2. */
async function stackParts(stack: Stack, modelPath: string, started: number): Promise<StackParts> {
  const model = { source: modelPath, file: MODEL_FILE, name: "Small 0.6B Q4_0" };
  const { admin, members } = await usersWithModel(stack, SEQUENCES, model);
  // Warm-up: loads the model in the worker, then one concurrent round so every sequence has run once.
  await sendTimed(admin, prompts[0] as string);
  await Promise.all(members.map((m, i) => sendTimed(m, prompts[i] as string)));
  note(`stack up and warm (${elapsed(started)})`);

  // (a) pipeline
  const pipeline: PipelineRow[] = [];
  for (const users of USER_COUNTS) {
    const row = await pipelineRow(members, users);
    pipeline.push(row);
    note(`pipeline U=${users}: ${fmt(row.concurrent.tokPerSec)} tok/s concurrent vs ${fmt(row.sequential.tokPerSec)} sequential`);
  }

  // (c) fairness, same stack: the worker restarted with 2 sequences and short answers so a queue forms.
  await restartWorker(stack, { HEARTH_WORKER_SEQUENCES: String(FAIR_SEQUENCES), HEARTH_MAX_OUTPUT_TOKENS: String(FAIR_MAX_TOKENS) });
  await sendTimed(admin, prompts[0] as string); // reloads the model
  const fairCpu = await cpuSnapshot();
  const fair = await fairnessPart(members[0] as HearthClient, members[1] as HearthClient);
  const fairOtherCpu = (await cpuSince(fairCpu)).others;
  note(`fairness done (${elapsed(started)})`);
  return { pipeline, fair, fairOtherCpu };
}

/** The three tables and the summary line. */
function report(raw: RawRow[], { pipeline, fair, fairOtherCpu }: StackParts, started: number): void {
  const rawByK = new Map(raw.map((r) => [r.k, r]));
  printTable(
    `(b) raw node-llama-cpp: one context, ${SEQUENCES} sequences, ${THREADS} threads, context ${CONTEXT_SIZE}, maxTokens ${MAX_TOKENS}` +
      ` (seq = the first k of ${SEQUENCES} prompts run one at a time on one sequence; other cpu then: ${fmt(raw[0]?.seqOtherCpu, 2)} cores)`,
    ["k", "conc tokens", "conc wall s", "conc tok/s", "seq tok/s", "ratio", "conc ttft p50 ms", "other cpu (cores)"],
    raw.map((r) => [
      r.k,
      r.concurrent.tokens,
      fmt(r.concurrent.wallMs / 1000, 2),
      fmt(r.concurrent.tokPerSec),
      fmt(r.sequential.tokPerSec),
      fmt(r.concurrent.tokPerSec / r.sequential.tokPerSec, 3),
      fmt(r.ttftP50),
      fmt(r.otherCpu, 2),
    ]),
  );
  printTable(
    `(a) pipeline: HEARTH_WORKER_SEQUENCES=${SEQUENCES}, THREADS=${THREADS}, MAX_OUTPUT_TOKENS=${MAX_TOKENS}, CONTEXT_SIZE=${CONTEXT_SIZE}`,
    [
      "users",
      "conc tokens",
      "conc wall s",
      "conc tok/s",
      "seq wall s",
      "seq tok/s",
      "ratio",
      "raw ratio",
      "conc ttft p50 ms",
      "conc ttft max ms",
      "seq ttft p50 ms",
      "other cpu (cores)",
    ],
    pipeline.map((r) => [
      r.users,
      r.concurrent.tokens,
      fmt(r.concurrent.wallMs / 1000, 2),
      fmt(r.concurrent.tokPerSec),
      fmt(r.sequential.wallMs / 1000, 2),
      fmt(r.sequential.tokPerSec),
      fmt(r.concurrent.tokPerSec / r.sequential.tokPerSec, 3),
      fmt((rawByK.get(r.users)?.concurrent.tokPerSec ?? Number.NaN) / (rawByK.get(r.users)?.sequential.tokPerSec ?? Number.NaN), 3),
      fmt(percentile(r.concurrentTtft, 50)),
      fmt(Math.max(...r.concurrentTtft)),
      fmt(percentile(r.sequentialTtft, 50)),
      fmt(r.otherCpu, 2),
    ]),
  );
  const lightWait = fair.light.startedAt === null ? null : fair.light.startedAt - fair.lightSent.postedAt;
  const lastHeavyFinal = Math.max(...fair.heavy.map((g) => g.finalAt));
  printTable(
    `(c) fairness: HEARTH_WORKER_SEQUENCES=${FAIR_SEQUENCES}, MAX_OUTPUT_TOKENS=${FAIR_MAX_TOKENS}; heavy user floods ${HEAVY_MESSAGES}, then a light user sends 1`,
    ["measure", "value"],
    [
      ["heavy POSTs, all returned after (ms)", fmt(fair.heavyPostMs)],
      ["heavy generations started before the light message was enqueued", fair.startedBeforeLightEnqueued],
      ["heavy generations started after it was enqueued, before it started (server order)", fair.waitSlots],
      ["same, by the client's clock of received started events", fair.waitSlotsByClientClock],
      ["light: POST returned → started event (ms)", fmt(lightWait)],
      ["light: POST start → first token (ms)", fmt(ttftMs(fair.light))],
      ["light: finished before the last heavy answer (ms)", fmt(lastHeavyFinal - fair.light.finalAt)],
      [
        "heavy: ttft p50 / max (ms)",
        `${fmt(percentile(fair.heavy.map(ttftMs), 50))} / ${fmt(Math.max(...fair.heavy.map((g) => ttftMs(g) ?? 0)))}`,
      ],
      ["most generations seen running at once", fair.maxConcurrent],
      ["other processes' CPU meanwhile (cores)", fmt(fairOtherCpu, 2)],
    ],
  );

  const most = Math.max(...USER_COUNTS);
  const at8 = pipeline.find((r) => r.users === most);
  const raw8 = rawByK.get(most);
  const aggregateRatio = at8 ? at8.concurrent.tokPerSec / at8.sequential.tokPerSec : Number.NaN;
  const rawRatio = raw8 ? raw8.concurrent.tokPerSec / raw8.sequential.tokPerSec : Number.NaN;
  note(`total ${elapsed(started)}`);
  console.log(
    `concurrency users=${most} aggregate_ratio=${aggregateRatio.toFixed(3)} raw_ratio=${rawRatio.toFixed(3)} light_user_wait_slots=${fair.waitSlots}`,
  );
}

async function main(): Promise<void> {
  const started = now();
  await withBenchModel("concurrency", { file: MODEL_FILE, ...MODEL }, async (model) => {
    note(
      `model ready: ${(model.sizeBytes / 1e6).toFixed(0)} MB, ${(model.parameterCount / 1e6).toFixed(0)}M parameters (${elapsed(started)})`,
    );

    // (b) raw first, disposed before the stack starts: both would compete for the same 2 cores.
    const raw = await rawPart(model);
    note(`raw part done (${elapsed(started)}); starting the stack`);

    const stackEnv = {
      HEARTH_WORKER_SEQUENCES: String(SEQUENCES),
      HEARTH_WORKER_THREADS: String(THREADS),
      HEARTH_MAX_OUTPUT_TOKENS: String(MAX_TOKENS),
      HEARTH_CONTEXT_SIZE: String(CONTEXT_SIZE),
      // The fairness part measures how the queue orders a flood, so the flood must get in: the per-member cap on
      // waiting answers (a defence against one account filling the queue) would refuse it with 429 tooManyWaiting.
      HEARTH_MAX_QUEUED_PER_MEMBER: String(Math.max(HEAVY_MESSAGES, 10)),
    };
    const parts = await withBenchStack(stackEnv, (stack) => stackParts(stack, model.path, started));
    report(raw, parts, started);
  });
}

runBench(main);
