import type { WorkersOverview } from "@/lib/workers/overview";
import type { WorkerStatus } from "@/lib/workers/status";

const BACKEND_NAMES: Record<string, string> = { cuda: "CUDA", vulkan: "Vulkan", metal: "Metal", cpu: "CPU" };

function gigabytes(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

function backendName(backend: string): string {
  return BACKEND_NAMES[backend] ?? backend;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function modelLine(w: WorkerStatus): string {
  if (!w.model) return "No model loaded yet.";
  const trials = w.model.threadTrials.map((t) => `${t.threads} → ${t.tokensPerSec.toFixed(0)} tok/s`).join(", ");
  const how = w.threadsSetting !== "auto" ? "" : ` (chosen automatically: ${trials || `${plural(w.cores, "core")} usable`})`;
  return `Model: ${w.model.filePath}, ${plural(w.model.threads, "thread")}${how}, ${w.model.sequences} at once, context ${w.model.contextSize} tokens.`;
}

/** The queue and each worker: which backend and device it runs on, why others were refused, its model and load. */
export function WorkersPanel({ queue, workers }: WorkersOverview) {
  return (
    <section className="space-y-3" data-testid="workers-panel">
      <h2 className="text-lg font-semibold">Queue and workers</h2>
      <p data-testid="workers-online" className={`text-sm ${workers.length ? "text-zinc-600 dark:text-zinc-400" : "text-red-600"}`}>
        {queue === null
          ? "Cannot reach Redis: the queue is down."
          : workers.length === 0
            ? "No model worker is running: messages wait until one starts (npm start, or the worker container)."
            : `Model workers online: ${workers.length}. Waiting: ${queue.waiting}, generating: ${queue.active}.`}
      </p>
      {workers.map((w) => (
        <div key={w.id} data-testid="worker" className="rounded border border-zinc-200 p-3 text-sm dark:border-zinc-800">
          <p className="font-medium" data-testid="worker-backend">
            {`${backendName(w.backend)} on ${w.device} (${gigabytes(w.deviceMemoryBytes)}) — ${w.host}, pid ${w.pid}`}
          </p>
          {w.refused.length > 0 && (
            <ul className="mt-1 list-disc pl-5 text-amber-700 dark:text-amber-400" data-testid="worker-refused">
              {w.refused.map((r) => (
                <li key={r.backend}>{`${backendName(r.backend)} not used: ${r.reason}`}</li>
              ))}
            </ul>
          )}
          <p className="mt-1 text-zinc-600 dark:text-zinc-400" data-testid="worker-model">
            {modelLine(w)}
          </p>
          <p className="text-zinc-600 dark:text-zinc-400">
            {`Generating now: ${w.activeGenerations}. Worker memory: ${gigabytes(w.rssBytes)}.`}
          </p>
        </div>
      ))}
    </section>
  );
}
