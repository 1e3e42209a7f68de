"use client";

import { useTranslations } from "use-intl";
import { type CollectionPickerState, PICKER_ID } from "./use-collection-picker";
import type { CollectionChoice } from "./use-collections";

/** The list `#` opens above the message box: the family collections this member may add, filtered as they type. */
export function CollectionPicker({
  picker,
  onChoose,
}: {
  picker: CollectionPickerState;
  onChoose: (collection: CollectionChoice) => void;
}) {
  const t = useTranslations("collections");
  if (!picker.open) return null;
  return (
    <div
      id={PICKER_ID}
      role="listbox"
      aria-label={t("pickerLabel")}
      className="absolute bottom-full left-0 z-20 mb-2 max-h-60 w-full max-w-sm overflow-y-auto rounded-xl border border-zinc-300 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
    >
      {picker.matches.map((collection, i) => (
        <div
          key={collection.id}
          id={`${PICKER_ID}-${i}`}
          role="option"
          aria-selected={i === picker.active}
          // Focus stays in the message box; the box points at the highlighted option (aria-activedescendant).
          tabIndex={-1}
          // Chosen with the mouse before the box loses focus.
          onMouseDown={(e) => {
            e.preventDefault();
            onChoose(collection);
          }}
          className={`cursor-pointer rounded-lg px-3 py-2 text-sm ${i === picker.active ? "bg-blue-600 text-white" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}
        >
          <span className="font-medium">#{collection.name}</span>
          {collection.description && <span className="block truncate text-xs opacity-80">{collection.description}</span>}
        </div>
      ))}
    </div>
  );
}
