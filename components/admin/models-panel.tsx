"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { useErrorText } from "../i18n/use-error-text";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { Field } from "../ui/field";

type ModelRow = {
  id: string;
  name: string;
  filePath: string;
  quantization: string;
  contextLength: number;
  sizeBytes: number;
  isDefault: boolean;
};
type FileRow = { path: string; sizeBytes: number };

export function ModelsPanel(props: { initial: ModelRow[]; files: FileRow[]; modelsDir: string }) {
  const t = useTranslations("admin");
  const errorText = useErrorText();
  const megabytes = (bytes: number) => t("megabytes", { value: bytes / 1024 / 1024 });
  const [models, setModels] = useState(props.initial);
  const [error, setError] = useState<string | null>(null);

  async function makeDefault(id: string) {
    setError(null);
    try {
      await api(`/api/admin/models/${id}/default`, { method: "POST" });
      setModels((list) => list.map((m) => ({ ...m, isDefault: m.id === id })));
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setError(null);
    try {
      const { model } = await api<{ model: ModelRow }>("/api/admin/models", {
        body: { name: form.get("name"), filePath: form.get("filePath"), makeDefault: form.get("makeDefault") === "on" },
      });
      setModels((list) => [...list.map((m) => (model.isDefault ? { ...m, isDefault: false } : m)), model]);
      formElement.reset();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section className="space-y-4" aria-labelledby="models-heading">
      <h2 id="models-heading" className="text-lg font-semibold">
        {t("models")}
      </h2>
      <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {models.length === 0 && <li className="px-3 py-2 text-sm text-zinc-600 dark:text-zinc-400">{t("noModels")}</li>}
        {models.map((m) => (
          <li key={m.id} data-testid="model-row" className="flex justify-between px-3 py-2 text-sm">
            <span>
              {m.name}{" "}
              {m.isDefault ? (
                <span className="rounded bg-zinc-200 px-1 text-xs dark:bg-zinc-700">{t("default")}</span>
              ) : (
                <button type="button" className="text-xs underline" onClick={() => void makeDefault(m.id)}>
                  {t("makeDefault")}
                </button>
              )}
            </span>
            <span className="text-zinc-600 dark:text-zinc-400">
              {t("modelDetails", { quantization: m.quantization, context: m.contextLength, size: megabytes(m.sizeBytes) })}
            </span>
          </li>
        ))}
      </ul>
      <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2" aria-label={t("addModelForm")}>
        <Field label={t("displayName")} name="name" required />
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{t("ggufFile", { dir: props.modelsDir })}</span>
          <input
            name="filePath"
            list="model-files"
            required
            className="w-full rounded-lg border border-zinc-300 bg-transparent px-3 py-2 dark:border-zinc-700"
          />
          <datalist id="model-files">
            {props.files.map((f) => (
              <option key={f.path} value={f.path}>
                {megabytes(f.sizeBytes)}
              </option>
            ))}
          </datalist>
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="makeDefault" /> {t("makeItDefault")}
        </label>
        <div className="sm:col-span-2">
          <Button type="submit">{t("addModel")}</Button>
        </div>
      </form>
      {error && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </section>
  );
}
