"use client";

import type { ReactNode } from "react";
import { useTranslations } from "use-intl";
import type { ModelChoice } from "@/lib/queries/models";

// Which model answers, always in view; switching it applies to the next message.
export function ModelHeader(props: { models: ModelChoice[]; modelId: string; onChoose: (id: string) => void; children?: ReactNode }) {
  const t = useTranslations("chat");
  const { models, modelId, onChoose } = props;
  if (models.length === 0) return null;
  return (
    <div className="mx-auto flex w-full max-w-3xl items-center gap-2 px-4 pt-3 text-sm">
      <label htmlFor="model-picker" className="text-zinc-600 dark:text-zinc-400">
        {t("model")}
      </label>
      <select
        id="model-picker"
        data-testid="model-picker"
        className="max-w-full min-w-0 truncate rounded-lg border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700"
        value={modelId}
        onChange={(e) => onChoose(e.target.value)}
      >
        {models.map((m) => (
          <option key={m.id} value={m.id}>
            {m.description ? `${m.name} — ${m.description}` : m.name}
          </option>
        ))}
      </select>
      <div className="ml-auto">{props.children}</div>
    </div>
  );
}
