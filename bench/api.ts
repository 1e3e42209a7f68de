// The /v1 API against the web's own send: the same stack, model, prompt and settings, (a) the browser's path (one
// POST answered with the generation's event stream) versus (b) POST /v1/chat/completions streamed, read by the
// official openai client. Both enqueue through startGeneration, so the difference is the API layer itself.
// Run: npm run bench:api   (BENCH_QUICK=1 for a short run; BENCH_RUNS, BENCH_MAX_TOKENS override)
import OpenAI from "openai";
import { elapsed, now } from "./support/clock";
import { runBench, withBenchModel } from "./support/model-file";
import { QUICK, setting } from "./support/quick";
import { fmt, note, percentile, printTable, rateAfterFirst } from "./support/report";
import { usersWithModel, withBenchStack } from "./support/stack";
import { clientTokensPerSec, sendTimed, ttftMs } from "./support/timed-sends";

const RUNS = setting("BENCH_RUNS", 20, 5);
const WARMUPS = QUICK ? 1 : 2;
const MAX_TOKENS = setting("BENCH_MAX_TOKENS", 256, 64);
const MODEL = { vocab: 2048, ctx: 2048 } as const;
const MODEL_FILE = "bench/tiny-2048.gguf";
const MODEL_NAME = "Tiny 2048";
const PROMPT = "Tell me a story about a fireplace on a cold winter night.";

type Run = { ttftMs: number | null; tokensPerSec: number | null; tokens: number };

async function apiRun(client: OpenAI): Promise<Run> {
  const startedAt = now();
  const stream = await client.chat.completions.create({
    model: MODEL_NAME,
    messages: [{ role: "user", content: PROMPT }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let first: number | null = null;
  let last: number | null = null;
  let tokens = 0;
  for await (const chunk of stream) {
    if (chunk.choices[0]?.delta.content) {
      const at = now();
      first ??= at;
      last = at;
    }
    if (chunk.usage) tokens = chunk.usage.completion_tokens;
  }
  // Same rule as the web's clientTokensPerSec: tokens after the first over the time from first to last.
  return { ttftMs: first === null ? null : first - startedAt, tokensPerSec: rateAfterFirst(tokens, first, last), tokens };
}

/** The runs' p-th percentile of one measure. */
function pct(runs: Run[], measure: keyof Run, p: number): number {
  return percentile(
    runs.map((r) => r[measure]),
    p,
  );
}

async function main(): Promise<void> {
  const started = now();
  const stackEnv = { HEARTH_MAX_OUTPUT_TOKENS: String(MAX_TOKENS), HEARTH_WORKER_THREADS: "1", HEARTH_CONTEXT_SIZE: "1024" };
  await withBenchModel("api", { file: MODEL_FILE, ...MODEL }, (model) =>
    withBenchStack(stackEnv, async (stack) => {
      note(`stack up at ${stack.baseUrl} (${elapsed(started)})`);
      const { members } = await usersWithModel(stack, 1, { source: model.path, file: MODEL_FILE, name: MODEL_NAME });
      const member = members[0];
      if (!member) throw new Error("no member");
      const made = await member.json<{ secret: string }>("/api/account/api-keys", { name: "bench" });
      if (made.status !== 201) throw new Error(`key: HTTP ${made.status}`);
      const client = new OpenAI({ apiKey: made.data.secret, baseURL: `${stack.baseUrl}/v1`, maxRetries: 0 });

      for (let i = 0; i < WARMUPS; i++) {
        await sendTimed(member, PROMPT);
        await apiRun(client);
      }
      const web: Run[] = [];
      const api: Run[] = [];
      const webRun = async () => {
        const g = await sendTimed(member, PROMPT);
        web.push({ ttftMs: ttftMs(g), tokensPerSec: clientTokensPerSec(g), tokens: g.outputTokens });
      };
      const apiRunPush = async () => {
        api.push(await apiRun(client));
      };
      // Interleaved, and each pair in alternating order, so neither path gets the warmer caches.
      for (let i = 0; i < RUNS; i++) {
        for (const step of i % 2 === 0 ? [webRun, apiRunPush] : [apiRunPush, webRun]) await step();
      }
      const row = (label: string, runs: Run[]) => [
        label,
        fmt(pct(runs, "ttftMs", 50)),
        fmt(pct(runs, "ttftMs", 95)),
        fmt(pct(runs, "tokensPerSec", 50)),
        fmt(pct(runs, "tokensPerSec", 95)),
        fmt(pct(runs, "tokens", 50), 0),
      ];
      printTable(
        `api: ${RUNS} runs per path (after ${WARMUPS} warm-ups), maxTokens ${MAX_TOKENS}, 1 thread, tiny model vocab ${MODEL.vocab}${QUICK ? ", quick" : ""}`,
        ["path", "first token p50 ms", "first token p95 ms", "tok/s p50", "tok/s p95", "tokens p50"],
        [row("web send-with-stream", web), row("/v1 chat.completions stream", api)],
      );
      const overhead = pct(api, "ttftMs", 50) - pct(web, "ttftMs", 50);
      const ratio = pct(api, "tokensPerSec", 50) / pct(web, "tokensPerSec", 50);
      note(`total ${elapsed(started)}`);
      console.log(`api first_token_overhead_ms_p50=${overhead.toFixed(1)} token_rate_ratio=${ratio.toFixed(3)} runs=${RUNS}`);
    }),
  );
}

runBench(main);
