"use client";
// The `#` picker's state in the message box: the query being typed, the matching collections, the one
// highlighted; arrows move, Enter or Tab picks, Escape closes until another `#` is typed.
import { useState } from "react";
import { type HashQuery, hashQueryAt, matchingCollections, withoutQuery } from "./hash-query";
import type { CollectionChoice } from "./use-collections";

export type CollectionSource = { offered: CollectionChoice[]; loadUsable: () => void; add: (collection: CollectionChoice) => void };

export const PICKER_ID = "collection-picker";

export function useCollectionPicker(source: CollectionSource) {
  const [query, setQuery] = useState<HashQuery | null>(null);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const matches = query ? matchingCollections(source.offered, query.text) : [];
  const open = matches.length > 0;

  function track(text: string, caret: number) {
    const found = hashQueryAt(text, caret);
    const next = found && found.start !== dismissedAt ? found : null;
    if (next && !query) source.loadUsable();
    if (next?.start !== query?.start || next?.text !== query?.text) setActive(0);
    if (!found) setDismissedAt(null);
    setQuery(next);
  }

  function choose(collection: CollectionChoice, text: string, setText: (text: string) => void) {
    if (query) setText(withoutQuery(text, query));
    source.add(collection);
    setQuery(null);
  }

  /** True when the key was the picker's (then it is not the message box's: Enter picks, it does not send). */
  function onKeyDown(event: React.KeyboardEvent<HTMLTextAreaElement>, setText: (text: string) => void): boolean {
    if (!open || event.nativeEvent.isComposing || event.shiftKey) return false;
    const highlighted = matches[Math.min(active, matches.length - 1)] as CollectionChoice;
    if (event.key === "ArrowDown") setActive((i) => (i + 1) % matches.length);
    else if (event.key === "ArrowUp") setActive((i) => (i - 1 + matches.length) % matches.length);
    else if (event.key === "Enter" || event.key === "Tab") choose(highlighted, event.currentTarget.value, setText);
    else if (event.key === "Escape") {
      setDismissedAt(query?.start ?? null);
      setQuery(null);
    } else return false;
    event.preventDefault();
    return true;
  }

  /** ARIA for the message box: while the list is open it controls it, and the highlighted option is announced. */
  const boxProps = {
    "aria-autocomplete": "list" as const,
    "aria-controls": open ? PICKER_ID : undefined,
    "aria-activedescendant": open ? `${PICKER_ID}-${Math.min(active, matches.length - 1)}` : undefined,
  };

  return { open, matches, active: Math.min(active, Math.max(0, matches.length - 1)), track, choose, onKeyDown, boxProps };
}

export type CollectionPickerState = ReturnType<typeof useCollectionPicker>;
