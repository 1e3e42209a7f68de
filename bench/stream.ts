// Streaming overhead: the same tiny model, prompt and settings, (a) raw node-llama-cpp in this process versus
// (b) the whole pipeline as the browser uses it: one HTTP POST that answers with the generation's event stream
// (Next.js → PostgreSQL → BullMQ → worker → Redis → SSE on that same response → client).
// Run: npm run bench:stream   (BENCH_RUNS, BENCH_WARMUPS, BENCH_MAX_TOKENS override the defaults; BENCH_QUICK=1: seconds)
import { elapsed, now } from "./support/clock";
import { cpuSince, cpuSnapshot } from "./support/cpu";
import { type BenchModel, runBench, withBenchModel } from "./support/model-file";
import { setting } from "./support/quick";
import { openRawEngine, type RawRun, rawGenerate, rawTokensPerSec, rawTtftMs } from "./support/raw-engine";
import { fmt, note, percentile, printTable } from "./support/report";
import { usersWithModel, withBenchStack } from "./support/stack";
import { clientEventsPerSec, clientTokensPerSec, sendTimed, streamIdMs, type TimedGeneration, ttftMs } from "./support/timed-sends";

const RUNS = setting("BENCH_RUNS", 30, 3);
const WARMUPS = setting("BENCH_WARMUPS", 2, 1);
const MAX_TOKENS = setting("BENCH_MAX_TOKENS", 256, 16);
const THREADS = Number(process.env.HEARTH_WORKER_THREADS ?? 1);
const SEQUENCES = 2; // the stack's default HEARTH_WORKER_SEQUENCES, used by both sides
const CONTEXT_SIZE = 1024;
const MODEL = { vocab: 2048, ctx: 2048 } as const;
const MODEL_FILE = "bench/tiny-2048.gguf";
const PROMPT = "Tell me a story about a fireplace on a cold winter night.";

async function rawRuns(model: BenchModel): Promise<{ runs: RawRun[]; otherCpu: number }> {
  const engine = await openRawEngine({ model, threads: THREADS, sequences: SEQUENCES, contextSize: CONTEXT_SIZE });
  try {
    const lease = await engine.acquire();
    try {
      for (let i = 0; i < WARMUPS; i++) await rawGenerate(lease, PROMPT, MAX_TOKENS);
      const runs: RawRun[] = [];
      const cpu = await cpuSnapshot();
      for (let i = 0; i < RUNS; i++) runs.push(await rawGenerate(lease, PROMPT, MAX_TOKENS));
      return { runs, otherCpu: (await cpuSince(cpu)).others };
    } finally {
      lease.release();
    }
  } finally {
    await engine.dispose();
  }
}

async function pipelineRuns(modelSource: string): Promise<{ runs: TimedGeneration[]; otherCpu: number }> {
  const stackEnv = {
    HEARTH_MAX_OUTPUT_TOKENS: String(MAX_TOKENS),
    HEARTH_WORKER_THREADS: String(THREADS),
    HEARTH_WORKER_SEQUENCES: String(SEQUENCES),
    HEARTH_CONTEXT_SIZE: String(CONTEXT_SIZE),
  };
  return withBenchStack(stackEnv, async (stack) => {
    note(`stack up at ${stack.baseUrl}`);
    const { members } = await usersWithModel(stack, 1, { source: modelSource, file: MODEL_FILE, name: "Tiny 2048" });
    const member = members[0];
    if (!member) throw new Error("no member");
    for (let i = 0; i < WARMUPS; i++) await sendTimed(member, PROMPT);
    const runs: TimedGeneration[] = [];
    const cpu = await cpuSnapshot();
    for (let i = 0; i < RUNS; i++) runs.push(await sendTimed(member, PROMPT));
    return { runs, otherCpu: (await cpuSince(cpu)).others };
  });
}

async function main(): Promise<void> {
  const started = now();
  await withBenchModel("stream", { file: MODEL_FILE, ...MODEL }, async (model) => {
    note(`model ready (${elapsed(started)}); raw: ${WARMUPS} warm-ups + ${RUNS} runs of ${MAX_TOKENS} tokens, ${THREADS} thread(s)`);

    // Raw first, disposed before the stack starts: both would compete for the same cores.
    const { runs: raw, otherCpu: rawOtherCpu } = await rawRuns(model);
    note(`raw done (${elapsed(started)}); starting the stack`);
    const { runs: pipe, otherCpu: pipeOtherCpu } = await pipelineRuns(model.path);
    note(`pipeline done (${elapsed(started)})`);

    const rawTtft = raw.map(rawTtftMs);
    const rawRate = raw.map(rawTokensPerSec);
    const pipeTtft = pipe.map(ttftMs);
    // Client token rate only from runs streamed live: in a run whose first token was already in the replay log when
    // the events request went out, the tokens arrive in a burst and "rate" means nothing (all runs if none was live).
    const live = pipe.filter((g) => !g.firstTokenReplayed);
    const pipeRate = (live.length > 0 ? live : pipe).map(clientTokensPerSec);
    const tokens = (values: number[]) => {
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      return lo === hi ? String(lo) : `${lo}-${hi}`;
    };
    printTable(
      `stream: ${RUNS} runs (after ${WARMUPS} warm-ups), maxTokens ${MAX_TOKENS}, ${THREADS} thread(s), context ${CONTEXT_SIZE}, tiny model vocab ${MODEL.vocab}`,
      ["path", "ttft p50 ms", "ttft p95 ms", "tok/s p50", "tok/s p95", "tokens", "text events", "other cpu (cores)"],
      [
        [
          "raw",
          fmt(percentile(rawTtft, 50)),
          fmt(percentile(rawTtft, 95)),
          fmt(percentile(rawRate, 50)),
          fmt(percentile(rawRate, 95)),
          tokens(raw.map((r) => r.tokens)),
          tokens(raw.map((r) => r.textChunks)),
          fmt(rawOtherCpu, 2),
        ],
        [
          "pipeline",
          fmt(percentile(pipeTtft, 50)),
          fmt(percentile(pipeTtft, 95)),
          fmt(percentile(pipeRate, 50)),
          fmt(percentile(pipeRate, 95)),
          tokens(pipe.map((g) => g.outputTokens)),
          tokens(pipe.map((g) => g.tokenEvents)),
          fmt(pipeOtherCpu, 2),
        ],
      ],
    );

    // Where the time to the first token goes, step by step (p50 of each step; they add up to about the total).
    const p50 = (values: (number | null)[]) => fmt(percentile(values, 50));
    const idMs = (id: string | null) => (id === null ? null : streamIdMs(id));
    const firstTokenId = (g: TimedGeneration) => g.events.find((e) => e.type === "token")?.id ?? null;
    const server = (g: TimedGeneration, name: string) => g.serverTiming[name] ?? null;
    const serverSum = (g: TimedGeneration) => (server(g, "auth") ?? 0) + (server(g, "store") ?? 0) + (server(g, "enqueue") ?? 0);
    const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
    printTable(
      "time to first token, itemised (p50, ms)",
      ["step", "p50", "measured by"],
      [
        [
          "HTTP + Next.js routing + reply headers",
          p50(pipe.map((g) => g.postedAt - g.postAt - serverSum(g))),
          "client clock − Server-Timing",
        ],
        ["auth (session + account check)", p50(pipe.map((g) => server(g, "auth"))), "Server-Timing"],
        ["writes (message + queued generation, PostgreSQL)", p50(pipe.map((g) => server(g, "store"))), "Server-Timing"],
        ["enqueue (Redis log + BullMQ add)", p50(pipe.map((g) => server(g, "enqueue"))), "Server-Timing"],
        ["pick-up (BullMQ add → processor)", p50(pipe.map((g) => g.pickupMs)), "worker (started event)"],
        ["claim (PostgreSQL, turns read)", p50(pipe.map((g) => g.claimMs)), "worker (started event)"],
        [
          "prepare (model lease, tokenize, fit turns)",
          p50(pipe.map((g) => diff(diff(idMs(g.startedId), idMs(g.queuedId)), (g.pickupMs ?? 0) + (g.claimMs ?? 0)))),
          "Redis ids − pick-up − claim",
        ],
        ["prompt → first token (server)", p50(pipe.map((g) => diff(idMs(firstTokenId(g)), idMs(g.startedId)))), "Redis ids"],
        ["relay (Redis → SSE → client), first token", p50(pipe.map((g) => g.tokenLagMs[0] ?? null)), "client clock − Redis id"],
        ["total: send → first token at client", p50(pipeTtft), "client clock"],
        ["raw node-llama-cpp: prompt → first token", p50(rawTtft), "in process"],
      ],
    );
    printTable(
      "token stream (p50)",
      ["measure", "p50"],
      [
        ["worker firstTokenMs (prompt call → first token, ms)", p50(pipe.map((g) => g.workerFirstTokenMs))],
        ["worker tokensPerSec (tok/s)", p50(pipe.map((g) => g.workerTokensPerSec))],
        ["first → last token event at client (ms)", p50(pipe.map((g) => diff(g.lastTokenAt, g.firstTokenAt)))],
        ["token events per generation (count)", p50(pipe.map((g) => g.tokenEvents))],
        ["token events/s at client (1/s)", p50(live.map(clientEventsPerSec))],
        ["token event lag, Redis XADD → client, p50 (ms)", p50(live.flatMap((g) => g.tokenLagMs))],
        [
          "token event lag, Redis XADD → client, p95 (ms)",
          fmt(
            percentile(
              live.flatMap((g) => g.tokenLagMs),
              95,
            ),
          ),
        ],
        ["raw: first → last token (ms)", p50(raw.map((r) => diff(r.lastTokenAt, r.firstTokenAt)))],
      ],
    );

    const overhead = percentile(pipeTtft, 50) - percentile(rawTtft, 50);
    const ratio = percentile(pipeRate, 50) / percentile(rawRate, 50);
    note(`total ${elapsed(started)}`);
    console.log(`stream ttft_overhead_ms_p50=${overhead.toFixed(1)} token_rate_ratio=${ratio.toFixed(3)}`);
  });
}

runBench(main);
