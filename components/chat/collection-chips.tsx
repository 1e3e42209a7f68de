"use client";

import { useTranslations } from "use-intl";
import type { CollectionChoice } from "./use-collections";

/** The family collections the chat uses, as removable chips beside its files. */
export function CollectionChips({
  collections,
  onRemove,
}: {
  collections: CollectionChoice[];
  onRemove: (collection: CollectionChoice) => void;
}) {
  const t = useTranslations("collections");
  if (!collections.length) return null;
  return (
    <ul aria-label={t("inThisChat")} className="mb-2 flex flex-wrap gap-2">
      {collections.map((collection) => (
        <li
          key={collection.id}
          data-testid="collection-chip"
          className="flex max-w-full items-center gap-1 rounded-full border border-blue-300 bg-blue-50 px-3 py-1 text-sm dark:border-blue-800 dark:bg-blue-950"
        >
          <span className="truncate font-medium">#{collection.name}</span>
          <button
            type="button"
            onClick={() => onRemove(collection)}
            aria-label={t("removeFromChat", { name: collection.name })}
            className="shrink-0 rounded px-1 hover:bg-blue-100 dark:hover:bg-blue-900"
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
