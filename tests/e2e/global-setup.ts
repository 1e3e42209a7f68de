// Starts the whole stack once for the browser tests; Playwright runs the returned teardown at the end.
import path from "node:path";
import { makeTinyGguf } from "@/lib/gguf/tiny-model";
import { startStack } from "../support/stack";

/** A larger generated model: slow enough on a CPU that a page can be reloaded mid-answer. */
export const SLOW_MODEL_FILE = "slow.gguf";

export default async function globalSetup() {
  const stack = await startStack({ worker: true, extraEnv: { HEARTH_WORKER_THREADS: "1" } });
  await makeTinyGguf({
    out: path.join(stack.modelsDir, SLOW_MODEL_FILE),
    layers: 8,
    embd: 1024,
    ff: 2816,
    vocab: 4096,
    ctx: 1024,
    type: "q4_0",
  });
  process.env.HEARTH_E2E_BASE_URL = stack.baseUrl;
  process.env.HEARTH_E2E_MODELS_DIR = stack.modelsDir;
  return async () => {
    await stack.stop();
  };
}
