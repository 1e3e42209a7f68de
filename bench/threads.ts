// Thread counts on this machine: decode tokens/s at 1, 2, 4 … threads on a generated model, and what the
// worker's HEARTH_WORKER_THREADS=auto picks. llama.cpp threads busy-wait: the fastest count is rarely "all".
// Run: npm run bench:threads   (BENCH_THREADS_SHAPE=tiny|0.6b, BENCH_THREADS_COUNTS=1,2,4, BENCH_THREADS_TOKENS;
// BENCH_QUICK=1: 1 and 2 threads, 8 tokens)
import { TINY_MODEL_PRESETS } from "@/tools/gguf/tiny-model";
import { usableCores } from "../worker/engine/cores";
import { startLlama } from "../worker/engine/llama";
import { chooseThreads, decodeRate } from "../worker/engine/threads";
import { runBench, withBenchModel } from "./support/model-file";
import { QUICK, setting } from "./support/quick";
import { fmt, note, printTable } from "./support/report";

const SHAPE = (process.env.BENCH_THREADS_SHAPE ?? "tiny") as keyof typeof TINY_MODEL_PRESETS;
const COUNTS = (process.env.BENCH_THREADS_COUNTS ?? (QUICK ? "1,2" : "1,2,4")).split(",").map(Number);
const TOKENS = setting("BENCH_THREADS_TOKENS", 64, 8);

async function main(): Promise<void> {
  const shape = { ...TINY_MODEL_PRESETS[SHAPE], vocab: SHAPE === "tiny" ? 2048 : TINY_MODEL_PRESETS[SHAPE].vocab };
  await withBenchModel("threads", { ...shape, file: "model.gguf" }, async ({ path: file }) => {
    const cores = usableCores();
    const llama = await startLlama({ backend: "cpu", maxThreads: Math.max(cores, ...COUNTS), debug: false });
    const model = await llama.loadModel({ modelPath: file, gpuLayers: 0 });
    const rows: (string | number)[][] = [];
    for (const threads of COUNTS) {
      const rate = await decodeRate(model, threads, TOKENS);
      note(`${threads} threads: ${fmt(rate)} tok/s`);
      rows.push([threads, fmt(rate)]);
    }
    const auto = await chooseThreads(model, cores);
    printTable(`Decode on the CPU, ${SHAPE}-shaped model, ${TOKENS} tokens, ${cores} usable cores`, ["threads", "tok/s"], rows);
    const rates = rows.map((r) => Number(r[1]));
    const best = Math.max(...rates);
    const most = rates.at(-1) ?? Number.NaN;
    await model.dispose();
    await llama.dispose();
    console.log(
      `\nthreads cores=${cores} auto=${auto.threads} best_tok_s=${fmt(best)} most_threads_tok_s=${fmt(most)} best_vs_most=${fmt(best / most, 1)}`,
    );
  });
}

runBench(main);
