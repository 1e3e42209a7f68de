"use client";

import { useTranslations } from "use-intl";

// Under a message: its versions (‹ 2/3 ›) when it was edited or regenerated, and the actions that make one.
type BranchBarProps = {
  role: "system" | "user" | "assistant";
  /** 0-based position among the message's versions, and how many there are. */
  index: number;
  count: number;
  onShow: (index: number) => void;
  onRegenerate?: () => void;
  onEdit?: () => void;
  /** While an answer is being written nothing can branch. */
  busy: boolean;
};

const iconButton =
  "rounded px-1.5 py-0.5 text-xs text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-500 disabled:opacity-40 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100";

export function BranchBar({ role, index, count, onShow, onRegenerate, onEdit, busy }: BranchBarProps) {
  const t = useTranslations("chat");
  if (count < 2 && !onRegenerate && !onEdit) return null;
  return (
    <div data-testid={`branch-bar-${role}`} className={`flex items-center gap-1 ${role === "user" ? "justify-end" : ""}`}>
      {count > 1 && (
        <>
          <button
            type="button"
            className={iconButton}
            aria-label={t("previousVersion")}
            disabled={busy || index === 0}
            onClick={() => onShow(index - 1)}
          >
            ‹
          </button>
          <span data-testid="branch-position" className="text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
            {index + 1}/{count}
          </span>
          <button
            type="button"
            className={iconButton}
            aria-label={t("nextVersion")}
            disabled={busy || index === count - 1}
            onClick={() => onShow(index + 1)}
          >
            ›
          </button>
        </>
      )}
      {onEdit && (
        <button type="button" className={iconButton} disabled={busy} onClick={onEdit}>
          {t("edit")}
        </button>
      )}
      {onRegenerate && (
        <button type="button" className={iconButton} disabled={busy} onClick={onRegenerate}>
          {t("regenerate")}
        </button>
      )}
    </div>
  );
}
