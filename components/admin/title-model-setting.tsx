"use client";
// The admin's choice of the model that writes conversation titles (none: each conversation's own model).
import { useState } from "react";
import { useTranslations } from "use-intl";
import { useErrorText } from "../i18n/use-error-text";
import { ErrorNote } from "../ui/alert";
import { api } from "../ui/api";

export function TitleModelSetting(props: { models: { id: string; name: string }[]; initial: string | null }) {
  const t = useTranslations("admin");
  const errorText = useErrorText();
  const [chosen, setChosen] = useState(props.initial ?? "");
  const [error, setError] = useState<string | null>(null);

  async function choose(value: string) {
    setError(null);
    try {
      await api("/api/admin/settings", { method: "PUT", body: { titleModelId: value || null } });
      setChosen(value);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <div className="mt-4 space-y-1 text-sm">
      <label className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{t("titleModel")}</span>
        <select
          value={chosen}
          onChange={(e) => void choose(e.target.value)}
          className="rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
        >
          <option value="">{t("titleModelOwn")}</option>
          {props.models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">{t("titleModelHint")}</p>
      <ErrorNote text={error} />
    </div>
  );
}
