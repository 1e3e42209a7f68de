"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { useErrorText } from "../i18n/use-error-text";
import { ErrorNote } from "../ui/alert";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { formatBytes } from "./format";

type HubFile = { path: string; sizeBytes: number; quantization: string | null };
type Found = { repo: string; files: HubFile[]; missing: string | null };

/** Paste an hf: name or a huggingface.co address; a repository lists its GGUF files to choose from. */
export function HubSearch({ onPull }: { onPull: (repo: string, file: string) => Promise<void> }) {
  const t = useTranslations("models");
  const errorText = useErrorText();
  const [found, setFound] = useState<Found | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const source = String(new FormData(event.currentTarget).get("source") ?? "");
    setError(null);
    setFound(null);
    setBusy(true);
    try {
      const result = await api<Found>(`/api/admin/models/hub?source=${encodeURIComponent(source)}`);
      if (result.files.length === 0) setError(t("noGgufFiles", { repo: result.repo }));
      else setFound(result);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-2">
      <form onSubmit={onSubmit} aria-label={t("findOnHub")} className="flex gap-2">
        <label className="flex-1 text-sm">
          <span className="sr-only">{t("hubModel")}</span>
          <input
            name="source"
            required
            placeholder={t("hubPlaceholder")}
            aria-label={t("hubModel")}
            className="w-full rounded-lg border border-zinc-300 bg-transparent px-3 py-2 dark:border-zinc-700"
          />
        </label>
        <Button type="submit" variant="secondary" disabled={busy}>
          {t("find")}
        </Button>
      </form>
      <ErrorNote text={error} />
      {found?.missing && (
        <p role="alert" className="text-sm text-amber-800 dark:text-amber-300">
          {t("fileNotInRepo", { repo: found.repo, file: found.missing })}
        </p>
      )}
      {found && (
        <ul
          aria-label={t("filesIn", { repo: found.repo })}
          className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
        >
          {found.files.map((f) => (
            <li key={f.path} data-testid="hub-file" className="flex items-center justify-between gap-2 px-3 py-2 text-sm">
              <span className="truncate">
                {f.path}{" "}
                <span className="text-zinc-600 dark:text-zinc-400">
                  · {f.quantization ?? "?"} · {formatBytes(f.sizeBytes)}
                </span>
              </span>
              <Button variant="secondary" aria-label={t("downloadNamed", { name: f.path })} onClick={() => void onPull(found.repo, f.path)}>
                {t("download")}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
