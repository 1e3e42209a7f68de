"use client";

import { useTranslations } from "use-intl";
import { documentStateText } from "./document-text";
import type { Attachment } from "./use-attachments";

/** The files of the chat, each with its state (reading → indexing → ready, with progress) and a remove button. */
export function AttachmentList({ files, onRemove }: { files: Attachment[]; onRemove: (file: Attachment) => void }) {
  const t = useTranslations("documents");
  const tErrors = useTranslations("errors");
  if (!files.length) return null;
  return (
    <ul aria-label={t("conversationFiles")} className="mb-2 flex flex-wrap gap-2">
      {files.map((file) => (
        <li
          key={file.key}
          data-testid="attachment"
          data-status={file.status}
          className="flex max-w-full items-center gap-2 rounded-lg border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-700"
        >
          <span className="truncate font-medium">{file.name}</span>
          <span className="shrink-0 text-xs text-zinc-600 dark:text-zinc-400">{documentStateText(t, tErrors, file)}</span>
          <button
            type="button"
            onClick={() => onRemove(file)}
            aria-label={t("remove", { name: file.name })}
            className="shrink-0 rounded px-1 hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
