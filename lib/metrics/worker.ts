// The figures a worker measures about its generations. Each worker keeps its own registry and sends
// it with its status; the web sums them over the workers (lib/metrics/render.ts).
import { Counter, Histogram, Registry } from "prom-client";

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

export function createWorkerMetrics() {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    waitSeconds: new Histogram({
      name: "hearth_generation_wait_seconds",
      help: "Time a generation waited in the queue before a worker took it",
      buckets: [0.05, 0.25, 1, 5, 15, 60, 300],
      registers,
    }),
    firstTokenSeconds: new Histogram({
      name: "hearth_generation_first_token_seconds",
      help: "Time from a worker taking a generation to its first token (prompt processing, model load included)",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    tokensPerSecond: new Histogram({
      name: "hearth_generation_tokens_per_second",
      help: "Decode speed of each finished generation",
      buckets: [1, 5, 10, 20, 50, 100, 200, 500, 1000, 2000],
      registers,
    }),
    generatedTokens: new Counter({ name: "hearth_generated_tokens_total", help: "Tokens generated", registers }),
    generations: new Counter({
      name: "hearth_generations_total",
      help: "Generations a worker finished, by outcome",
      labelNames: ["status"] as const,
      registers,
    }),
  };
}
