"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { ErrorNote } from "../ui/alert";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { type Choice, ChoiceSelect } from "../ui/choice-select";
import { useAction } from "../ui/use-action";

/** The family's embedding model for documents; choosing another re-indexes them in the background. */
export function EmbeddingModelChoice(props: { models: Choice[]; current: string | null }) {
  const t = useTranslations("admin");
  const { error, run } = useAction();
  const [chosen, setChosen] = useState(props.current ?? "");
  const [saved, setSaved] = useState(props.current ?? "");
  const [note, setNote] = useState<string | null>(null);

  const save = () =>
    run(async () => {
      setNote(null);
      await api("/api/admin/embedding-model", { method: "PUT", body: { modelId: chosen || null } });
      setNote(chosen ? t("embeddingModelReindexing") : t("embeddingModelNone"));
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
      <ErrorNote text={error} />
    </section>
  );
}
