// GPU figures on a borrowed machine, in one short run: generate a real-shaped model there (8B-shaped,
// Q4_0, with the project's generator), pick the backend with the worker's own probe, then measure
// decode tokens/s for 1, 4 and 16 sequences against the memory roofline.
// Run: npm run bench:gpu   (BENCH_GPU_SHAPE=8b|0.6b|tiny, BENCH_GPU_TOKENS, BENCH_GPU_DIR,
// BENCH_GPU_BANDWIDTH_GBS, HEARTH_GPU). Without a GPU it runs on the CPU, as a dry run.
// BENCH_QUICK=1: the tiny shape and 8 tokens, to check the script (and the probe) in seconds.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { LlamaContextSequence, LlamaModel } from "node-llama-cpp";
import { GgmlType } from "@/lib/gguf/format";
import { type GgufTensorChunks, writeGguf } from "@/lib/gguf/writer";
import { TINY_MODEL_PRESETS, type TinyModelOptions, tinyModelSpec } from "@/tools/gguf/tiny-model";
import { usableCores } from "../worker/engine/cores";
import { startLlama } from "../worker/engine/llama";
import { backendOrder, probeBackends } from "../worker/engine/probe";
import { chooseThreads } from "../worker/engine/threads";
import { QUICK, setting } from "./support/quick";
import { fmt, note, printTable } from "./support/report";

const SHAPES = {
  // Llama 3 8B: 32 layers, 4096 wide, grouped-query attention (8 KV heads), 14336 feed-forward, 128k vocabulary.
  "8b": { layers: 32, embd: 4096, heads: 32, headsKv: 8, ff: 14336, vocab: 128256, ctx: 8192, type: "q4_0" },
  "0.6b": TINY_MODEL_PRESETS["0.6b"],
  tiny: { ...TINY_MODEL_PRESETS.tiny, type: "q4_0" },
} as const satisfies Record<string, TinyModelOptions>;
const SHAPE = (process.env.BENCH_GPU_SHAPE ?? (QUICK ? "tiny" : "8b")) as keyof typeof SHAPES;
const TOKENS = setting("BENCH_GPU_TOKENS", 128, 8);
const BATCHES = [1, 4, 16];
const CONTEXT_PER_SEQUENCE = 512;
/** Published peak memory bandwidth, GB/s, by device name. */
const BANDWIDTH_GBS: [RegExp, number][] = [
  [/H200/, 4800],
  [/H100.*(SXM|HBM3)|H100$/, 3350],
  [/H100/, 2000],
  [/A100/, 2039],
];

/** Writes the model with each tensor's first chunk repeated: the same bytes to read per token, written in seconds, not minutes. */
async function makeModel(file: string, options: TinyModelOptions): Promise<{ sizeBytes: number; bytesPerToken: number }> {
  const spec = tinyModelSpec({ ...options, printableOutput: false });
  const firstChunks = new Map<string, Uint8Array>(); // tensors of one shape and type share theirs
  const tensors = spec.tensors.map((t) => {
    const { data } = t;
    if (data instanceof Uint8Array) return t;
    const totalBytes = Math.round(t.shape.reduce((n, d) => n * d, 1) * bytesPerValue(t.type));
    const key = `${t.type}:${t.shape.join("x")}`;
    return { ...t, data: () => repeatFirstChunk(data, totalBytes, firstChunks, key) };
  });
  const { sizeBytes } = await writeGguf(file, { ...spec, tensors });
  // Each token reads every weight once, except the embedding table, of which it reads one row.
  const embedding = spec.tensors.find((t) => t.name === "token_embd.weight");
  const embeddingBytes = embedding ? embedding.shape.reduce((n, d) => n * d, 1) * bytesPerValue(embedding.type) : 0;
  return { sizeBytes, bytesPerToken: sizeBytes - embeddingBytes };
}

const BYTES_PER_VALUE: Partial<Record<GgmlType, number>> = {
  [GgmlType.F32]: 4,
  [GgmlType.F16]: 2,
  [GgmlType.Q8_0]: 34 / 32,
  [GgmlType.Q4_0]: 18 / 32,
};

function bytesPerValue(type: GgmlType): number {
  const bytes = BYTES_PER_VALUE[type];
  if (bytes === undefined) throw new Error(`no size known for GGML type ${type}`);
  return bytes;
}

async function* repeatFirstChunk(data: () => GgufTensorChunks, totalBytes: number, cache: Map<string, Uint8Array>, key: string) {
  let first = cache.get(key);
  if (!first) {
    for await (const chunk of data()) {
      first = chunk;
      break;
    }
    if (!first) return;
    cache.set(key, first);
  }
  for (let written = 0; written < totalBytes; written += first.length) {
    yield totalBytes - written >= first.length ? first : first.subarray(0, totalBytes - written);
  }
}

/** Aggregate decode tokens/s of n sequences generating together (batched into the same decode calls). */
async function decodeRate(model: LlamaModel, sequences: LlamaContextSequence[], tokens: number): Promise<number> {
  const prompt = model.tokenize("The family gathered by the hearth and");
  // yieldEogToken: an end-of-text token must not end the measurement early.
  const generations = sequences.map((s) => s.evaluate(prompt, { temperature: 0, yieldEogToken: true }));
  await Promise.all(generations.map((g) => g.next())); // the prompt and the first token: not decode speed
  const started = performance.now();
  const counts = await Promise.all(
    generations.map(async (g) => {
      let count = 0;
      while (count < tokens && !(await g.next()).done) count++;
      await g.return(undefined);
      return count;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(sequences.map((s) => s.clearHistory()));
  return counts.reduce((a, b) => a + b, 0) / seconds;
}

async function main(): Promise<void> {
  const dir = process.env.BENCH_GPU_DIR ?? path.join(os.tmpdir(), "hearth-bench-gpu");
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `bench-${SHAPE}.gguf`);
  let started = performance.now();
  const { sizeBytes, bytesPerToken } = await makeModel(file, SHAPES[SHAPE]);
  note(
    `model: ${SHAPE}-shaped ${SHAPES[SHAPE].type}, ${(sizeBytes / 1e9).toFixed(2)} GB, written in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  started = performance.now();
  const probe = await probeBackends({ order: backendOrder((process.env.HEARTH_GPU as "auto") ?? "auto"), timeoutMs: 180_000 });
  const { backend, device } = probe.chosen;
  note(`probe: ${backend} on ${device} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  printTable(
    "Backends",
    ["backend", "result", "ms"],
    [...probe.refused.map((r) => [r.backend, `refused: ${r.reason}`, r.ms]), [backend, `chosen: ${device}`, probe.chosen.ms]],
  );

  const llama = await startLlama({ backend, maxThreads: usableCores(), debug: false });
  started = performance.now();
  const model = await llama.loadModel({ modelPath: file, gpuLayers: backend === "cpu" ? 0 : "max" });
  note(`loaded in ${((performance.now() - started) / 1000).toFixed(1)} s (${model.gpuLayers} layers on the GPU)`);
  // Thread count as the worker's `auto` picks it: on a GPU it matters little, on the CPU a lot.
  const { threads, trials } = await chooseThreads(model, usableCores());
  note(`threads: ${threads} ${trials.map((t) => `(${t.threads} → ${fmt(t.tokensPerSec)} tok/s)`).join(" ")}`);
  const context = await model.createContext({ contextSize: CONTEXT_PER_SEQUENCE, sequences: Math.max(...BATCHES), threads });
  const sequences = Array.from({ length: Math.max(...BATCHES) }, () => context.getSequence());
  await decodeRate(model, sequences.slice(0, 1), 8); // warm-up

  // A dry run on the CPU only checks the script: a few tokens are enough there.
  const tokens = backend === "cpu" ? Math.min(TOKENS, 16) : TOKENS;
  const rates = new Map<number, number>();
  for (const n of BATCHES) {
    rates.set(n, await decodeRate(model, sequences.slice(0, n), tokens));
    note(`${n} sequences: ${fmt(rates.get(n))} tok/s`);
  }
  const single = rates.get(1) ?? Number.NaN;
  const bandwidth = Number(process.env.BENCH_GPU_BANDWIDTH_GBS) || BANDWIDTH_GBS.find(([re]) => re.test(device))?.[1] || Number.NaN;
  const roofline = (bandwidth * 1e9) / bytesPerToken;
  printTable(
    `Decode, ${SHAPE}-shaped Q4_0 (${(bytesPerToken / 1e9).toFixed(2)} GB read per token), ${tokens} tokens per sequence`,
    ["sequences", "tok/s", "tok/s per sequence", "vs 1 sequence"],
    BATCHES.map((n) => [n, fmt(rates.get(n)), fmt((rates.get(n) ?? Number.NaN) / n), fmt((rates.get(n) ?? Number.NaN) / single, 2)]),
  );
  console.log(
    `\nroofline: ${Number.isFinite(bandwidth) ? `${bandwidth} GB/s ÷ ${(bytesPerToken / 1e9).toFixed(2)} GB = ${fmt(roofline)} tok/s` : "device bandwidth unknown (set BENCH_GPU_BANDWIDTH_GBS)"}`,
  );
  await context.dispose();
  await model.dispose();
  await llama.dispose();
  if (!process.env.BENCH_GPU_KEEP_MODEL) await fs.rm(file, { force: true });
  const deviceName = device.replace(/\s+/g, "_");
  console.log(
    `gpu backend=${backend} device=${deviceName} decode_tok_s=${fmt(single)} roofline_fraction=${fmt(single / roofline, 3)} batch16_ratio=${fmt((rates.get(16) ?? Number.NaN) / single, 2)}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
