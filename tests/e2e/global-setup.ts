// Starts the whole stack once for the browser tests; Playwright runs the returned teardown at the end.
import { makeScriptedModels } from "@/testkit/answers";
import { makeSlowModel } from "@/testkit/models";
import { startStack } from "@/testkit/stack";

export default async function globalSetup() {
  const stack = await startStack({ worker: true, extraEnv: { HEARTH_WORKER_THREADS: "1" } });
  await makeSlowModel(stack.modelsDir);
  await makeScriptedModels(stack.modelsDir);
  process.env.HEARTH_E2E_BASE_URL = stack.baseUrl;
  process.env.HEARTH_E2E_MODELS_DIR = stack.modelsDir;
  process.env.HEARTH_E2E_DATABASE_URL = stack.env.DATABASE_URL;
  return async () => {
    await stack.stop();
  };
}
