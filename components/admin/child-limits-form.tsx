"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { ErrorNote } from "../ui/alert";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { Field } from "../ui/field";

export type LimitsRow = {
  allowedModelIds: string[];
  dailyTokenBudget: number | null;
  systemPrompt: string;
  allowedFrom: number | null;
  allowedUntil: number | null;
};
export type ModelChoice = { id: string; name: string };

const clock = (minutes: number | null) =>
  minutes === null ? "" : `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** A parent's settings for one child: models, daily tokens, hours, and the hidden system prompt. */
export function ChildLimitsForm(props: {
  userId: string;
  name: string;
  initial: LimitsRow | null;
  models: ModelChoice[];
  onResult: (action: () => Promise<string | null>) => Promise<void>;
}) {
  const t = useTranslations("admin");
  const tErrors = useTranslations("errors");
  const [hoursError, setHoursError] = useState<string | null>(null);
  const limits = props.initial;

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const budget = String(form.get("budget") ?? "").trim();
    const from = String(form.get("from") ?? "");
    const until = String(form.get("until") ?? "");
    // Half a range is refused here, at the empty end, before anything is sent (the server refuses it too).
    if ((from === "") !== (until === "")) {
      setHoursError(tErrors("hoursIncomplete"));
      const empty = event.currentTarget.elements.namedItem(from === "" ? "from" : "until");
      if (empty instanceof HTMLInputElement) empty.focus();
      return;
    }
    setHoursError(null);
    void props.onResult(async () => {
      await api(`/api/admin/users/${props.userId}/limits`, {
        method: "PUT",
        body: {
          allowedModelIds: form.getAll("models").map(String),
          dailyTokenBudget: budget ? Number(budget) : null,
          systemPrompt: String(form.get("systemPrompt") ?? ""),
          allowedHours: from || until ? { from, until } : null,
        },
      });
      return t("limitsSaved", { name: props.name });
    });
  }

  return (
    <form
      onSubmit={onSubmit}
      aria-label={t("limitsFor", { name: props.name })}
      className="grid gap-3 rounded-lg bg-zinc-50 p-3 sm:grid-cols-2 dark:bg-zinc-900"
    >
      <fieldset className="text-sm sm:col-span-2">
        <legend className="mb-1 font-medium">{t("allowedModels")}</legend>
        {props.models.map((m) => (
          <label key={m.id} className="mr-4 inline-flex items-center gap-1">
            <input type="checkbox" name="models" value={m.id} defaultChecked={limits?.allowedModelIds.includes(m.id) ?? false} />
            {m.name}
          </label>
        ))}
      </fieldset>
      <Field label={t("dailyTokens")} name="budget" type="number" min={0} defaultValue={limits?.dailyTokenBudget ?? ""} />
      <div className="grid grid-cols-2 gap-2">
        <Field
          label={t("chatFrom")}
          name="from"
          type="time"
          defaultValue={clock(limits?.allowedFrom ?? null)}
          aria-invalid={hoursError !== null}
        />
        <Field
          label={t("chatUntil")}
          name="until"
          type="time"
          defaultValue={clock(limits?.allowedUntil ?? null)}
          aria-invalid={hoursError !== null}
        />
        <div className="col-span-2">
          <ErrorNote text={hoursError} />
        </div>
      </div>
      <label className="block text-sm sm:col-span-2">
        <span className="mb-1 block font-medium">{t("hiddenInstructions")}</span>
        <textarea
          name="systemPrompt"
          rows={2}
          maxLength={8000}
          defaultValue={limits?.systemPrompt ?? ""}
          className="w-full rounded-lg border border-zinc-300 bg-transparent px-3 py-2 dark:border-zinc-700"
        />
      </label>
      <div className="sm:col-span-2">
        <Button type="submit">{t("saveLimits")}</Button>
      </div>
    </form>
  );
}
