"use client";

import { useEffect, useState } from "react";
import { useTranslations } from "use-intl";
import { useErrorText } from "../i18n/use-error-text";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { formatBytes } from "./format";

type Recommendation = {
  repo: string;
  file: string;
  name: string;
  parameters: string;
  quantization: string;
  licence: string;
  kind?: "embedding";
  sizeBytes: number;
  fit: { fits: boolean; memoryBytes: number; availableBytes: number; speed: "fast" | "medium" | "slow" } | null;
  fitNote: string | null;
  installed: { id: string; name: string } | null;
};

/** The curated catalogue with whether each model fits this server; one click pulls it. */
export function RecommendedModels({ onPull }: { onPull: (repo: string, file: string) => Promise<void> }) {
  const t = useTranslations("models");
  const errorText = useErrorText();
  const [models, setModels] = useState<Recommendation[] | null>(null);
  const [offline, setOffline] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api<{ models: Recommendation[]; hubUnreachable: boolean }>("/api/admin/models/recommended")
      .then((r) => {
        setModels(r.models);
        setOffline(r.hubUnreachable);
      })
      .catch((e: unknown) => setError(e));
  }, []);

  if (error) return <p className="text-sm text-red-600 dark:text-red-400">{errorText(error)}</p>;
  if (!models) return <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("checkingFit")}</p>;
  // Those that fit first, smallest first within each group.
  const sorted = [...models].sort((a, b) => Number(b.fit?.fits ?? false) - Number(a.fit?.fits ?? false) || a.sizeBytes - b.sizeBytes);
  return (
    <>
      {offline && (
        <p
          role="note"
          data-testid="hub-offline"
          className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950"
        >
          {t("hubOffline")}
        </p>
      )}
      <ul
        aria-label={t("recommended")}
        className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
      >
        {sorted.map((m) => (
          <li
            key={`${m.repo}/${m.file}`}
            data-testid="recommended-model"
            className="flex items-center justify-between gap-3 px-3 py-2 text-sm"
          >
            <div className="min-w-0">
              <p className="font-medium">
                {m.name} <span className="text-zinc-600 dark:text-zinc-400">· {m.quantization}</span>
                {m.kind === "embedding" && <span className="text-zinc-600 dark:text-zinc-400"> · {t("embeddingKind")}</span>}
              </p>
              <p className="text-xs text-zinc-600 dark:text-zinc-400">
                {t("downloadSize", { size: formatBytes(m.sizeBytes), licence: m.licence })}{" "}
                {m.fit ? (
                  m.fit.fits ? (
                    <span className="text-green-700 dark:text-green-400">
                      {t("fits", {
                        needs: formatBytes(m.fit.memoryBytes),
                        available: formatBytes(m.fit.availableBytes),
                        speed: t(`speedClass.${m.fit.speed}`),
                      })}
                    </span>
                  ) : (
                    <span className="text-red-600 dark:text-red-400">{t("tooBig", { needs: formatBytes(m.fit.memoryBytes) })}</span>
                  )
                ) : (
                  m.fitNote && <span>{m.fitNote}</span>
                )}
              </p>
            </div>
            {m.installed ? (
              <span data-testid="recommended-installed" className="shrink-0 text-xs text-green-700 dark:text-green-400">
                {t("installedAs", { name: m.installed.name })}
              </span>
            ) : (
              <Button
                variant={m.fit?.fits ? "primary" : "secondary"}
                aria-label={t("downloadNamed", { name: `${m.name} ${m.quantization}` })}
                disabled={offline}
                onClick={() => void onPull(m.repo, m.file)}
              >
                {t("download")}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
