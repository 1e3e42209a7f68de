"use client";

import { useEffect, useState } from "react";
import { useTranslations } from "use-intl";
import type { ReindexState } from "@/lib/models/embedding-model";
import { ErrorNote } from "../ui/alert";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { type Choice, ChoiceSelect } from "../ui/choice-select";
import { useAction } from "../ui/use-action";

type State = { reindex: ReindexState | null };

const POLL_MS = 1500;

/** The re-index's progress as the server counts it, polled until every file is embedded by the chosen model. */
function useReindex(initial: ReindexState | null): [ReindexState | null, (state: ReindexState | null) => void] {
  const [reindex, setReindex] = useState(initial);
  const running = reindex !== null && !reindex.done;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      api<State>("/api/admin/embedding-model")
        .then((data) => setReindex(data.reindex))
        .catch(() => {});
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [running]);
  return [reindex, setReindex];
}

/** The family's embedding model for documents; choosing another re-indexes them in the background, with progress. */
export function EmbeddingModelChoice(props: { models: Choice[]; current: string | null; reindex: ReindexState | null }) {
  const t = useTranslations("admin");
  const { error, run } = useAction();
  const [chosen, setChosen] = useState(props.current ?? "");
  const [saved, setSaved] = useState(props.current ?? "");
  const [note, setNote] = useState<string | null>(null);
  const [reindex, setReindex] = useReindex(props.reindex);

  const save = () =>
    run(async () => {
      setNote(null);
      const state = await api<State>("/api/admin/embedding-model", { method: "PUT", body: { modelId: chosen || null } });
      setNote(chosen ? t("embeddingModelReindexing") : t("embeddingModelNone"));
      setReindex(state.reindex);
      setSaved(chosen);
    });

  return (
    <section aria-labelledby="embedding-model-heading" className="mt-6 space-y-2">
      <h3 id="embedding-model-heading" className="text-sm font-semibold">
        {t("embeddingModelTitle")}
      </h3>
      {props.models.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("embeddingModelNoneInstalled")}</p>
      ) : (
        <div className="flex flex-wrap items-center gap-2">
          <ChoiceSelect
            label={t("embeddingModelTitle")}
            value={chosen}
            noneLabel={t("embeddingModelNoChoice")}
            choices={props.models}
            onChange={setChosen}
            className="rounded border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-600"
          />
          <Button type="button" onClick={() => void save()} disabled={chosen === saved}>
            {t("embeddingModelSave")}
          </Button>
        </div>
      )}
      {note && (
        <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          {note}
        </p>
      )}
      {reindex && <ReindexProgress state={reindex} />}
      <ErrorNote text={error} />
    </section>
  );
}

function ReindexProgress({ state }: { state: ReindexState }) {
  const t = useTranslations("admin");
  if (state.done) return <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("embeddingModelIndexed", { files: state.of })}</p>;
  return (
    <div role="status" className="space-y-1 text-sm text-zinc-600 dark:text-zinc-400">
      <progress value={state.files} max={state.of} aria-label={t("embeddingModelProgressLabel")} className="w-full max-w-sm" />
      <p>{t("embeddingModelProgress", { files: state.files, of: state.of, percent: state.percent })}</p>
    </div>
  );
}
