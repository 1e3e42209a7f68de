"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import type { AnswerSources, Source } from "@/lib/documents/sources";
import { api } from "../ui/api";

type Passage = { text: string; page: number | null; name: string };

/** The file a source is from, with its family collection when it has one ("boiler.pdf · House manuals"). */
function fileLabel(t: ReturnType<typeof useTranslations<"documents">>, source: Source): string {
  const file = source.collection ? t("fromCollection", { name: source.name, collection: source.collection }) : source.name;
  return source.page === null ? file : `${file}, ${t("page", { page: source.page })}`;
}

/** The numbered sources under an answer; each opens its passage (file name, page) beside it. */
export function AnswerSourceList({ sources }: { sources: AnswerSources }) {
  const t = useTranslations("documents");
  const [open, setOpen] = useState<{ source: Source; passage: Passage | null } | null>(null);
  if (sources.mode === "none")
    return (
      <p data-testid="no-source" className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
        {t("noSourceMatched")}
      </p>
    );
  async function show(source: Source) {
    setOpen({ source, passage: null });
    const passage = await api<{ passage: Passage }>(`/api/documents/${source.documentId}/chunks/${source.chunkId}`)
      .then((r) => r.passage)
      .catch(() => ({ text: source.snippet, page: source.page, name: source.name }));
    setOpen((now) => (now?.source === source ? { source, passage } : now));
  }
  return (
    <div className="mt-2 text-sm">
      <p className="text-xs font-medium text-zinc-600 dark:text-zinc-400">{t("sources")}</p>
      <ul className="mt-1 flex flex-wrap gap-2">
        {sources.sources.map((source) => (
          <li key={source.number}>
            <button
              type="button"
              data-testid="source-marker"
              aria-label={t("source", { number: source.number })}
              aria-expanded={open?.source === source}
              onClick={() => (open?.source === source ? setOpen(null) : void show(source))}
              className="rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            >
              [{source.number}] {fileLabel(t, source)}
            </button>
          </li>
        ))}
      </ul>
      {open && (
        <section data-testid="source-passage" className="mt-2 rounded-lg border border-zinc-300 p-3 dark:border-zinc-700">
          <div className="flex items-center justify-between gap-2">
            <h3 className="text-xs font-medium">
              [{open.source.number}] {fileLabel(t, open.source)}
            </h3>
            <button type="button" onClick={() => setOpen(null)} className="text-xs underline">
              {t("close")}
            </button>
          </div>
          <p className="mt-2 whitespace-pre-wrap text-sm">{open.passage?.text ?? open.source.snippet}</p>
        </section>
      )}
    </div>
  );
}
