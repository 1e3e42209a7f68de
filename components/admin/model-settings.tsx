"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import type { EffectiveDefaults, LoadSettings, Sampling } from "@/lib/models/settings";
import { useErrorText } from "../i18n/use-error-text";
import { ResultNote } from "../ui/alert";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { Field } from "../ui/field";

export type EditableModel = {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  systemPrompt: string | null;
  loadSettings: LoadSettings;
  sampling: Sampling;
  /** What a blank field means for this model (absent on a row just added, until the page refreshes). */
  defaults?: EffectiveDefaults;
};

const numberOrUndefined = (value: FormDataEntryValue | null) => (value === null || value === "" ? undefined : Number(value));

/** The form's number fields, in order: how each model loads, then how it samples. A blank field is unset. */
type NumberField = {
  group: "load" | "sampling";
  name: "contextSize" | "gpuLayers" | "sequences" | "temperature" | "topP" | "topK" | "repeatPenalty" | "maxTokens";
  step?: string;
  min?: number;
  max?: number;
};

const NUMBER_FIELDS: NumberField[] = [
  { group: "load", name: "contextSize", min: 128 },
  { group: "load", name: "gpuLayers", min: 0 },
  { group: "load", name: "sequences", min: 1, max: 64 },
  { group: "sampling", name: "temperature", step: "0.05", min: 0, max: 2 },
  { group: "sampling", name: "topP", step: "0.01", min: 0, max: 1 },
  { group: "sampling", name: "topK", min: 0 },
  { group: "sampling", name: "repeatPenalty", step: "0.01", min: 1, max: 2 },
  { group: "sampling", name: "maxTokens", min: 1 },
];

function numbersOf(form: FormData, group: "load" | "sampling"): Record<string, number | undefined> {
  return Object.fromEntries(NUMBER_FIELDS.filter((f) => f.group === group).map((f) => [f.name, numberOrUndefined(form.get(f.name))]));
}

/** One model's settings form: what members see, how it loads, how it samples. */
export function ModelSettings({ model, onSaved }: { model: EditableModel; onSaved: (m: EditableModel) => void }) {
  const t = useTranslations("models");
  const errorText = useErrorText();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    setMessage(null);
    try {
      const { model: saved } = await api<{ model: EditableModel }>(`/api/admin/models/${model.id}`, {
        method: "PATCH",
        body: {
          name: String(f.get("name")),
          description: String(f.get("description") ?? ""),
          enabled: f.get("enabled") === "on",
          systemPrompt: String(f.get("systemPrompt") ?? "") || null,
          loadSettings: numbersOf(f, "load"),
          sampling: numbersOf(f, "sampling"),
        },
      });
      onSaved(saved);
      setMessage({ ok: true, text: t("saved") });
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    }
  }

  const n = (v: number | undefined) => (v === undefined ? "" : String(v));
  // A blank field shows the value it stands for, so an admin sees what the model runs with.
  const d = model.defaults;
  const shown = (v: number | string | undefined) => (v === undefined ? undefined : v === "auto" ? t("auto") : String(v));
  return (
    <form onSubmit={onSubmit} aria-label={t("settingsOf", { name: model.name })} className="grid gap-3 p-3 sm:grid-cols-2">
      <Field label={t("displayName")} name="name" defaultValue={model.name} required />
      <Field label={t("description")} name="description" defaultValue={model.description} placeholder={t("descriptionPlaceholder")} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={model.enabled} /> {t("enabled")}
      </label>
      <span />
      {NUMBER_FIELDS.map((field) => {
        const stored =
          field.group === "load" ? model.loadSettings[field.name as keyof LoadSettings] : model.sampling[field.name as keyof Sampling];
        return (
          <Field
            key={field.name}
            label={t(field.name)}
            name={field.name}
            type="number"
            step={field.step}
            min={field.min}
            max={field.max}
            defaultValue={n(stored as number | undefined)}
            placeholder={field.name === "gpuLayers" ? t("auto") : shown(d?.[field.name as keyof EffectiveDefaults])}
          />
        );
      })}
      <label className="block text-sm sm:col-span-2">
        <span className="mb-1 block font-medium">{t("systemPrompt")}</span>
        <textarea
          name="systemPrompt"
          defaultValue={model.systemPrompt ?? ""}
          rows={3}
          className="w-full rounded-lg border border-zinc-300 bg-transparent px-3 py-2 dark:border-zinc-700"
        />
      </label>
      <div className="sm:col-span-2">
        <Button type="submit">{t("saveSettings")}</Button>
      </div>
      <ResultNote result={message} className="sm:col-span-2" />
    </form>
  );
}
