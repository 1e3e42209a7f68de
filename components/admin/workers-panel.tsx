"use client";

import { useTranslations } from "use-intl";
import type { WorkersOverview } from "@/lib/workers/overview";
import type { WorkerStatus } from "@/lib/workers/status";
import { failureText } from "../i18n/failure-text";

const BACKEND_NAMES: Record<string, string> = { cuda: "CUDA", vulkan: "Vulkan", metal: "Metal", cpu: "CPU" };

function backendName(backend: string): string {
  return BACKEND_NAMES[backend] ?? backend;
}

type T = ReturnType<typeof useTranslations<"admin">>;

function modelLine(t: T, w: WorkerStatus): string {
  if (!w.model) return t("workerNoModel");
  const line = t("workerModel", {
    file: w.model.filePath,
    threads: w.model.threads,
    sequences: w.model.sequences,
    context: w.model.contextSize,
  });
  if (w.threadsSetting !== "auto") return line;
  const trials = w.model.threadTrials
    .map((trial) => t("workerThreadTrial", { threads: trial.threads, rate: Math.round(trial.tokensPerSec) }))
    .join(", ");
  return `${line} ${t("workerThreadsAuto", { trials: trials || t("workerCoresUsable", { cores: w.cores }) })}`;
}

/** The queue and each worker: which backend and device it runs on, why others were refused, its model and load. */
export function WorkersPanel({ queue, workers }: WorkersOverview) {
  const t = useTranslations("admin");
  const tErrors = useTranslations("errors");
  const gigabytes = (bytes: number) => t("gigabytes", { value: bytes / 1024 ** 3 });
  return (
    <section className="space-y-3" data-testid="workers-panel">
      <h2 className="text-lg font-semibold">{t("workersTitle")}</h2>
      <p data-testid="workers-online" className={`text-sm ${workers.length ? "text-zinc-600 dark:text-zinc-400" : "text-red-600"}`}>
        {queue === null
          ? t("redisDown")
          : workers.length === 0
            ? t("noWorker")
            : t("workersQueue", { count: workers.length, waiting: queue.waiting, active: queue.active })}
      </p>
      {workers.map((w) => (
        <div key={w.id} data-testid="worker" className="rounded border border-zinc-200 p-3 text-sm dark:border-zinc-800">
          <p className="font-medium" data-testid="worker-backend">
            {t("workerBackend", {
              backend: backendName(w.backend),
              device: w.device,
              memory: gigabytes(w.deviceMemoryBytes),
              host: w.host,
              pid: w.pid,
            })}
          </p>
          {w.refused.length > 0 && (
            <ul className="mt-1 list-disc pl-5 text-amber-700 dark:text-amber-400" data-testid="worker-refused">
              {w.refused.map((r) => (
                <li key={r.backend}>{t("workerRefused", { backend: backendName(r.backend), reason: failureText(tErrors, r.reason) })}</li>
              ))}
            </ul>
          )}
          <p className="mt-1 text-zinc-600 dark:text-zinc-400" data-testid="worker-model">
            {modelLine(t, w)}
          </p>
          <p className="text-zinc-600 dark:text-zinc-400" data-testid="worker-sequences">
            {t("workerSequences", { sequences: w.sequences, auto: String(w.sequencesSetting === "auto") })}
          </p>
          <p className="text-zinc-600 dark:text-zinc-400">
            {t("workerLoad", { active: w.activeGenerations, memory: gigabytes(w.rssBytes) })}
          </p>
        </div>
      ))}
    </section>
  );
}
