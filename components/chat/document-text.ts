// A member's file in words, the same in the chat, the picker and the account page: its facts (kind, pages,
// size) and its state (progress while read and indexed, or why it failed, in the reader's language).
import type { useTranslations } from "use-intl";
import { kindOfMime } from "@/lib/documents/kinds";
import type { DocumentView } from "@/lib/queries/documents";
import { formatBytes } from "../admin/format";
import { failureText } from "../i18n/failure-text";
import type { Attachment } from "./use-attachments";

type Words = ReturnType<typeof useTranslations<"documents">>;
type FileState = Pick<Attachment, "status" | "progress" | "failure"> & { refused?: string | null };

export function documentStateText(t: Words, tErrors: ReturnType<typeof useTranslations<"errors">>, file: FileState): string {
  if (file.status === "failed") return file.refused ?? (file.failure ? failureText(tErrors, file.failure) : t("failed"));
  if (file.status === "ready") return t("ready");
  if (file.status === "indexing") return t("indexing", { progress: file.progress });
  return t("reading", { progress: file.progress });
}

/** "PDF · 3 pages · 12 kB" */
export function documentFacts(t: Words, file: Pick<DocumentView, "mime" | "pages" | "bytes">): string {
  const pages = file.pages === null ? [] : [t("pages", { pages: file.pages })];
  return [t("kind", { kind: kindOfMime(file.mime) }), ...pages, formatBytes(file.bytes)].join(" · ");
}
