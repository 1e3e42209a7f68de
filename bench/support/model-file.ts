// A generated model for one bench run, in a temporary folder that goes when the run ends, however it ends.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { makeTinyGguf, TINY_MODEL_DEFAULTS, type TinyModelOptions } from "@/tools/gguf/tiny-model";

export type BenchModel = {
  /** The temporary folder: a models folder holding `file`. */
  dir: string;
  file: string;
  /** The absolute path of `file`. */
  path: string;
  /** The context the model was trained for (llama.context_length), as the app stores it. */
  contextLength: number;
  sizeBytes: number;
  parameterCount: number;
};

/** `file`: the model's path inside the folder, as the bench registers it (e.g. "bench/tiny-2048.gguf"). */
export async function withBenchModel<T>(
  bench: string,
  model: TinyModelOptions & { file: string },
  run: (model: BenchModel) => Promise<T>,
): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `hearth-bench-${bench}-`));
  try {
    const { file, ...shape } = model;
    const out = path.join(dir, file);
    await fs.mkdir(path.dirname(out), { recursive: true });
    const made = await makeTinyGguf({ ...shape, out });
    const contextLength = shape.ctx ?? TINY_MODEL_DEFAULTS.ctx;
    return await run({ dir, file, path: out, contextLength, sizeBytes: made.sizeBytes, parameterCount: made.parameterCount });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Runs the bench and exits: 0 when it finished, 1 (with the error) when not. A stack's handles never keep it alive. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
