"use client";

import { useTranslations } from "use-intl";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { formatBytes } from "./format";

type FileRow = { path: string; sizeBytes: number };

/** Registers a GGUF file already in the server's models folder (copied there by hand, or offline). */
export function RegisterFile<M extends { isDefault: boolean }>(props: {
  files: FileRow[];
  modelsDir: string;
  onRegistered: (model: M) => void;
  onError: (error: unknown) => void;
}) {
  const t = useTranslations("admin");

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    try {
      const { model } = await api<{ model: M }>("/api/admin/models", {
        body: { name: form.get("name"), filePath: form.get("filePath"), makeDefault: form.get("makeDefault") === "on" },
      });
      props.onRegistered(model);
      formElement.reset();
    } catch (e) {
      props.onError(e);
    }
  }

  return (
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
              {formatBytes(f.sizeBytes)}
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
  );
}
