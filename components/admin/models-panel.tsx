"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { useErrorText } from "../i18n/use-error-text";
import { ErrorNote } from "../ui/alert";
import { api } from "../ui/api";
import { Panel } from "../ui/panel";
import { formatBytes } from "./format";
import { type EditableModel, ModelSettings } from "./model-settings";
import { RegisterFile } from "./register-file";

type ModelRow = EditableModel & {
  filePath: string;
  architecture: string;
  parameterCount: number | null;
  quantization: string;
  contextLength: number;
  sizeBytes: number;
  isDefault: boolean;
  kind: "chat" | "embedding";
  hasChatTemplate: boolean;
  /** Estimated memory at the configured context, when a worker reports its memory. */
  memoryBytes?: number | null;
  /** Workers that have it loaded right now. */
  loadedOn?: string[];
};
type FileRow = { path: string; sizeBytes: number };

export function ModelsPanel(props: { initial: ModelRow[]; files: FileRow[]; modelsDir: string }) {
  const t = useTranslations("admin");
  const errorText = useErrorText();
  const router = useRouter();
  const [models, setModels] = useState(props.initial);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  // A model installed elsewhere on the page (download, upload) arrives with a server refresh.
  const [seen, setSeen] = useState(props.initial);
  if (seen !== props.initial) {
    setSeen(props.initial);
    setModels(props.initial);
  }

  async function remove(m: ModelRow) {
    if (!window.confirm(t("confirmDeleteModel", { name: m.name }))) return;
    setError(null);
    try {
      await api(`/api/admin/models/${m.id}`, { method: "DELETE" });
      setModels((list) => list.filter((x) => x.id !== m.id));
      router.refresh();
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function makeDefault(id: string) {
    setError(null);
    try {
      await api(`/api/admin/models/${id}/default`, { method: "POST" });
      setModels((list) => list.map((m) => ({ ...m, isDefault: m.id === id })));
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <Panel id="models" title={t("models")}>
      <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {models.length === 0 && <li className="px-3 py-2 text-sm text-zinc-600 dark:text-zinc-400">{t("noModels")}</li>}
        {models.map((m) => (
          <li key={m.id} data-testid="model-row" className="text-sm">
            <div className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
              <span>
                <span className="font-medium">{m.name}</span>{" "}
                {!m.enabled && <span className="rounded bg-zinc-200 px-1 text-xs dark:bg-zinc-700">{t("modelDisabled")}</span>}{" "}
                {m.kind === "embedding" ? (
                  <span className="rounded bg-zinc-200 px-1 text-xs dark:bg-zinc-700">{t("embeddingModel")}</span>
                ) : m.isDefault ? (
                  <span className="rounded bg-zinc-200 px-1 text-xs dark:bg-zinc-700">{t("default")}</span>
                ) : (
                  <button type="button" className="text-xs underline" onClick={() => void makeDefault(m.id)}>
                    {t("makeDefault")}
                  </button>
                )}
                {m.description && <span className="block text-xs text-zinc-600 dark:text-zinc-400">{m.description}</span>}
              </span>
              <span className="flex gap-2">
                <button type="button" className="text-xs underline" onClick={() => setEditing(editing === m.id ? null : m.id)}>
                  {editing === m.id ? t("closeSettings") : t("modelSettings")}
                </button>
                <button type="button" className="text-xs text-red-600 underline dark:text-red-400" onClick={() => void remove(m)}>
                  {t("deleteModel")}
                </button>
              </span>
            </div>
            <p data-testid="model-details" className="px-3 pb-2 text-xs text-zinc-600 dark:text-zinc-400">
              {t("modelFacts", {
                architecture: m.architecture,
                parameters: m.parameterCount ? (m.parameterCount / 1e9).toFixed(2) : "?",
                quantization: m.quantization,
                size: formatBytes(m.sizeBytes),
                context: m.contextLength,
                template: m.hasChatTemplate ? "yes" : "no",
              })}
              {m.memoryBytes ? ` · ${t("needsAbout", { size: formatBytes(m.memoryBytes) })}` : ""}
              {" · "}
              {m.loadedOn?.length ? t("loadedOn", { workers: m.loadedOn.join(", ") }) : t("notLoaded")}
            </p>
            {editing === m.id && (
              <ModelSettings
                model={m}
                onSaved={(saved) => setModels((list) => list.map((x) => (x.id === saved.id ? { ...x, ...saved } : x)))}
              />
            )}
          </li>
        ))}
      </ul>
      <RegisterFile<ModelRow>
        files={props.files}
        modelsDir={props.modelsDir}
        onError={(e) => setError(errorText(e))}
        onRegistered={(model) => {
          setError(null);
          setModels((list) => [...list.map((m) => (model.isDefault ? { ...m, isDefault: false } : m)), model]);
          router.refresh();
        }}
      />
      <ErrorNote text={error} />
    </Panel>
  );
}
