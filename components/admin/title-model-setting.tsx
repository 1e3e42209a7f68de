"use client";
// The admin's choice of the model that writes conversation titles (none: each conversation's own model).
import { useState } from "react";
import { useTranslations } from "use-intl";
import { ErrorNote } from "../ui/alert";
import { api } from "../ui/api";
import { type Choice, ChoiceSelect } from "../ui/choice-select";
import { useAction } from "../ui/use-action";

export function TitleModelSetting(props: { models: Choice[]; initial: string | null }) {
  const t = useTranslations("admin");
  const { error, run } = useAction();
  const [chosen, setChosen] = useState(props.initial ?? "");

  const choose = (value: string) =>
    run(async () => {
      await api("/api/admin/settings", { method: "PUT", body: { titleModelId: value || null } });
      setChosen(value);
    });

  return (
    <div className="mt-4 space-y-1 text-sm">
      <label className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{t("titleModel")}</span>
        <ChoiceSelect
          value={chosen}
          noneLabel={t("titleModelOwn")}
          choices={props.models}
          onChange={(value) => void choose(value)}
          className="rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
        />
      </label>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">{t("titleModelHint")}</p>
      <ErrorNote text={error} />
    </div>
  );
}
