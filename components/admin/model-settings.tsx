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
          loadSettings: {
            contextSize: numberOrUndefined(f.get("contextSize")),
            gpuLayers: numberOrUndefined(f.get("gpuLayers")),
            sequences: numberOrUndefined(f.get("sequences")),
          },
          sampling: {
            temperature: numberOrUndefined(f.get("temperature")),
            topP: numberOrUndefined(f.get("topP")),
            topK: numberOrUndefined(f.get("topK")),
            repeatPenalty: numberOrUndefined(f.get("repeatPenalty")),
            maxTokens: numberOrUndefined(f.get("maxTokens")),
          },
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
      <Field
        label={t("contextSize")}
        name="contextSize"
        type="number"
        min={128}
        defaultValue={n(model.loadSettings.contextSize)}
        placeholder={shown(d?.contextSize)}
      />
      <Field
        label={t("gpuLayers")}
        name="gpuLayers"
        type="number"
        min={0}
        defaultValue={n(model.loadSettings.gpuLayers)}
        placeholder={t("auto")}
      />
      <Field
        label={t("sequences")}
        name="sequences"
        type="number"
        min={1}
        max={64}
        defaultValue={n(model.loadSettings.sequences)}
        placeholder={shown(d?.sequences)}
      />
      <Field
        label={t("temperature")}
        name="temperature"
        type="number"
        step="0.05"
        min={0}
        max={2}
        defaultValue={n(model.sampling.temperature)}
        placeholder={shown(d?.temperature)}
      />
      <Field
        label={t("topP")}
        name="topP"
        type="number"
        step="0.01"
        min={0}
        max={1}
        defaultValue={n(model.sampling.topP)}
        placeholder={shown(d?.topP)}
      />
      <Field label={t("topK")} name="topK" type="number" min={0} defaultValue={n(model.sampling.topK)} placeholder={shown(d?.topK)} />
      <Field
        label={t("repeatPenalty")}
        name="repeatPenalty"
        type="number"
        step="0.01"
        min={1}
        max={2}
        defaultValue={n(model.sampling.repeatPenalty)}
        placeholder={shown(d?.repeatPenalty)}
      />
      <Field
        label={t("maxTokens")}
        name="maxTokens"
        type="number"
        min={1}
        defaultValue={n(model.sampling.maxTokens)}
        placeholder={shown(d?.maxTokens)}
      />
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
