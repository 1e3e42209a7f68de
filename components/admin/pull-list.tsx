"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { failureText } from "../i18n/failure-text";
import { useErrorText } from "../i18n/use-error-text";
import { ErrorNote } from "../ui/alert";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { formatBytes, formatDuration } from "./format";
import type { PullRow } from "./use-pulls";

export function PullList({ pulls, onChange }: { pulls: PullRow[]; onChange: () => Promise<unknown> }) {
  const t = useTranslations("models");
  const tErrors = useTranslations("errors");
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  if (pulls.length === 0) return null;

  async function act(id: string, action: "cancel" | "resume" | "discard") {
    setError(null);
    try {
      if (action === "discard") await api(`/api/admin/pulls/${id}`, { method: "DELETE" });
      else await api(`/api/admin/pulls/${id}/${action}`, { method: "POST" });
      await onChange();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section aria-label={t("downloads")} className="space-y-2">
      <h3 className="text-sm font-semibold">{t("downloads")}</h3>
      <ul className="space-y-2">
        {pulls.map((p) => {
          const total = p.totalBytes ?? 0;
          const percent = total ? Math.min(100, Math.floor((p.downloadedBytes / total) * 100)) : 0;
          const eta = p.speed ? (total - p.downloadedBytes) / p.speed : Number.NaN;
          return (
            <li
              key={p.id}
              id={`pull-${p.id}`}
              data-testid="pull-row"
              data-status={p.status}
              className="rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800"
            >
              <div className="flex justify-between gap-2">
                <span className="truncate font-medium">{p.file}</span>
                <span>{t(`status.${p.status}`)}</span>
              </div>
              {(p.status === "downloading" || p.status === "queued" || p.status === "cancelled") && (
                <>
                  <div
                    role="progressbar"
                    aria-label={t("downloadOf", { file: p.file })}
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={percent}
                    className="mt-2 h-2 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
                  >
                    <div className="h-full bg-zinc-900 transition-all dark:bg-zinc-100" style={{ width: `${percent}%` }} />
                  </div>
                  <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400" data-testid="pull-progress">
                    {t("progress", { done: formatBytes(p.downloadedBytes), total: formatBytes(total), percent })}
                    {p.status === "downloading" && p.speed
                      ? ` · ${t("speed", { speed: formatBytes(p.speed), left: formatDuration(eta) })}`
                      : ""}
                  </p>
                </>
              )}
              {p.error && (
                <p className="mt-1 text-xs text-red-600 dark:text-red-400" data-testid="pull-error">
                  {failureText(tErrors, p.error)}
                </p>
              )}
              <div className="mt-2 flex gap-2">
                {(p.status === "downloading" || p.status === "queued") && (
                  <Button variant="secondary" onClick={() => void act(p.id, "cancel")}>
                    {t("cancel")}
                  </Button>
                )}
                {(p.status === "cancelled" || p.status === "failed") && (
                  <Button variant="secondary" onClick={() => void act(p.id, "resume")}>
                    {p.status === "failed" ? t("tryAgain") : t("resume")}
                  </Button>
                )}
                {p.status !== "verifying" && p.status !== "done" && (
                  <Button variant="secondary" onClick={() => void act(p.id, "discard")}>
                    {t("discard")}
                  </Button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      <ErrorNote text={error} />
    </section>
  );
}
