// What the admin's models list shows beyond the database row: memory needed and where it is loaded.

import path from "node:path";
import { contextCeiling } from "@/lib/context-size";
import { getEnv } from "../env";
import type { ModelSummary } from "../queries/models";
import { largestWorker, type WorkerStatus } from "../workers/status";
import { estimateFit } from "./fit";
import { DEFAULT_SAMPLING, type EffectiveDefaults } from "./settings";

export async function describeInstalled(models: ModelSummary[], workers: WorkerStatus[]) {
  const env = getEnv();
  const worker = largestWorker(workers);
  return Promise.all(
    models.map(async (m) => {
      const memoryBytes = worker
        ? await estimateFit(path.join(env.modelsDir, m.filePath), {
            contextSize: m.loadSettings.contextSize ?? contextCeiling(env.HEARTH_CONTEXT_SIZE, m.contextLength),
            worker,
          })
            .then((fit) => fit.memoryBytes)
            .catch(() => null)
        : null;
      const defaults: EffectiveDefaults = {
        ...DEFAULT_SAMPLING,
        contextSize: contextCeiling(env.HEARTH_CONTEXT_SIZE, m.contextLength),
        sequences: env.HEARTH_WORKER_SEQUENCES,
        maxTokens: env.HEARTH_MAX_OUTPUT_TOKENS,
      };
      return { ...m, memoryBytes, defaults, loadedOn: workers.filter((w) => w.loaded.includes(m.id)).map((w) => w.host) };
    }),
  );
}
