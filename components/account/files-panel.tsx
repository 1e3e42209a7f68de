"use client";
// The member's own files (attached in any of their chats): kind, pages, size, state, the chats that use each,
// and Delete, which asks first because it takes the file's text and passages out of every chat that uses it.

import Link from "next/link";
import { useState } from "react";
import { useTranslations } from "use-intl";
import type { LibraryDocument } from "@/lib/queries/documents";
import { documentFacts, documentStateText } from "../chat/document-text";
import { useMemberFiles } from "../chat/use-member-files";
import { ErrorNote, ResultNote } from "../ui/alert";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { Panel } from "../ui/panel";
import { useAction } from "../ui/use-action";

export function FilesPanel() {
  const t = useTranslations("documents");
  const { error, setError, run } = useAction();
  const { files, setFiles } = useMemberFiles(setError);
  const [notice, setNotice] = useState<string | null>(null);

  const remove = (file: LibraryDocument) =>
    run(async () => {
      setNotice(null);
      await api(`/api/documents/${file.id}`, { method: "DELETE" });
      setFiles((list) => list?.filter((d) => d.id !== file.id) ?? null);
      setNotice(t("deleted", { name: file.name }));
    });

  return (
    <Panel id="files" title={t("yourFiles")} className="space-y-3">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("filesIntro")}</p>
      {files?.length === 0 && <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("noFiles")}</p>}
      {files && files.length > 0 && (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {files.map((file) => (
            <FileRow key={file.id} file={file} onDelete={() => remove(file)} />
          ))}
        </ul>
      )}
      <ResultNote result={notice ? { ok: true, text: notice } : null} />
      <ErrorNote text={error} />
    </Panel>
  );
}

function FileRow({ file, onDelete }: { file: LibraryDocument; onDelete: () => Promise<void> }) {
  const t = useTranslations("documents");
  const tErrors = useTranslations("errors");
  const [confirming, setConfirming] = useState(false);
  return (
    <li data-testid="file-row" data-status={file.status} className="space-y-1 px-3 py-2 text-sm">
      <div className="flex items-start justify-between gap-2">
        <span className="min-w-0 font-medium wrap-anywhere">{file.name}</span>
        {!confirming && (
          <Button
            variant="secondary"
            className="shrink-0"
            aria-label={t("delete", { name: file.name })}
            onClick={() => setConfirming(true)}
          >
            {t("deleteShort")}
          </Button>
        )}
      </div>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">{documentFacts(t, file)}</p>
      <p data-testid="file-state" className={`text-xs ${file.status === "failed" ? "text-red-700 dark:text-red-400" : ""}`}>
        {documentStateText(t, tErrors, file)}
      </p>
      <UsedIn conversations={file.conversations} />
      {confirming && (
        <div className="space-y-2 rounded-lg bg-red-50 p-2 dark:bg-red-950">
          <p>{t("confirmDelete", { name: file.name })}</p>
          <div className="flex flex-wrap gap-2">
            <Button variant="danger" onClick={() => void onDelete().finally(() => setConfirming(false))}>
              {t("deleteNow")}
            </Button>
            <Button variant="secondary" autoFocus onClick={() => setConfirming(false)}>
              {t("cancel")}
            </Button>
          </div>
        </div>
      )}
    </li>
  );
}

function UsedIn({ conversations }: { conversations: LibraryDocument["conversations"] }) {
  const t = useTranslations("documents");
  if (!conversations.length) return <p className="text-xs text-zinc-600 dark:text-zinc-400">{t("notUsed")}</p>;
  return (
    <div className="text-xs">
      <span className="text-zinc-600 dark:text-zinc-400">{t("usedIn")}</span>
      <ul className="mt-0.5 space-y-0.5">
        {conversations.map((c) => (
          <li key={c.id} className="min-w-0 truncate">
            <Link href={`/c/${c.id}`} prefetch={false} className="underline">
              {c.title}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
