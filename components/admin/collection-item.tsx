"use client";
// One family collection on the admin page: rename it, choose who may use it, add files (streamed like a
// member's upload) and follow their processing, remove files, delete the collection.
import { useRef } from "react";
import { useTranslations } from "use-intl";
import { documentStateText } from "../chat/document-text";
import { ErrorNote } from "../ui/alert";
import { api, errorFrom } from "../ui/api";
import { Button } from "../ui/button";
import { FileInput } from "../ui/file-input";
import { useAction } from "../ui/use-action";

type Audience = "everyone" | "adults";
type FileView = { id: string; name: string; status: "reading" | "indexing" | "ready" | "failed"; progress: number; failure: string | null };
export type AdminCollection = { id: string; name: string; description: string; audience: Audience; documents: FileView[] };

export const inputClass = "rounded-lg border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700";

export function AudienceSelect(props: { name?: string; defaultValue: Audience; onChange?: (audience: Audience) => void; label?: string }) {
  const t = useTranslations("collections");
  return (
    <label>
      <span className="mb-1 block text-sm font-medium">{props.label ?? t("audience")}</span>
      <select
        name={props.name}
        defaultValue={props.defaultValue}
        onChange={(e) => props.onChange?.(e.target.value as Audience)}
        className={inputClass}
      >
        <option value="everyone">{t("audiences.everyone")}</option>
        <option value="adults">{t("audiences.adults")}</option>
      </select>
    </label>
  );
}

export function CollectionItem({ collection, onChanged }: { collection: AdminCollection; onChanged: () => Promise<void> }) {
  const t = useTranslations("collections");
  const tFiles = useTranslations("documents");
  const tErrors = useTranslations("errors");
  const picker = useRef<HTMLInputElement>(null);
  const { error, run } = useAction();
  const base = `/api/admin/collections/${collection.id}`;

  const change = (body: Partial<Pick<AdminCollection, "name" | "audience">>) =>
    run(async () => {
      await api(base, { method: "PATCH", body });
      await onChanged();
    });

  function upload(files: File[]) {
    void run(async () => {
      // One at a time, each refused with its own reason; the ones before a refusal are kept.
      for (const file of files) {
        const response = await fetch(`${base}/documents?name=${encodeURIComponent(file.name)}`, {
          method: "POST",
          headers: { "Content-Type": "application/octet-stream" },
          body: file,
        });
        if (!response.ok) throw await errorFrom(response);
      }
      await onChanged();
    });
  }

  return (
    <li data-testid="collection" className="space-y-3 rounded-xl border border-zinc-300 p-3 dark:border-zinc-700">
      <div className="flex flex-wrap items-end gap-2">
        <form
          aria-label={t("renameForm", { name: collection.name })}
          className="flex flex-1 items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            void change({ name: String(new FormData(e.currentTarget).get("name") ?? "") });
          }}
        >
          <label className="min-w-32 flex-1">
            <span className="mb-1 block text-sm font-medium">{t("name")}</span>
            <input name="name" required maxLength={60} defaultValue={collection.name} className={`w-full ${inputClass}`} />
          </label>
          <Button type="submit" variant="secondary">
            {t("rename")}
          </Button>
        </form>
        <AudienceSelect
          defaultValue={collection.audience}
          label={t("audienceOf", { name: collection.name })}
          onChange={(audience) => void change({ audience })}
        />
        <Button
          variant="danger"
          onClick={() => {
            if (!window.confirm(t("deletePrompt", { name: collection.name }))) return;
            void run(async () => {
              await api(base, { method: "DELETE" });
              await onChanged();
            });
          }}
        >
          {t("delete")}
        </Button>
      </div>
      {collection.description && <p className="text-sm text-zinc-600 dark:text-zinc-400">{collection.description}</p>}
      <ul aria-label={t("filesOf", { name: collection.name })} className="space-y-1 text-sm">
        {collection.documents.map((file) => (
          <li key={file.id} data-testid="collection-file" data-status={file.status} className="flex items-center gap-2">
            <span className="truncate font-medium">{file.name}</span>
            <span className="text-xs text-zinc-600 dark:text-zinc-400">{documentStateText(tFiles, tErrors, file)}</span>
            <button
              type="button"
              aria-label={t("removeFile", { name: file.name })}
              className="ml-auto rounded px-1 hover:bg-zinc-100 dark:hover:bg-zinc-800"
              onClick={() =>
                void run(async () => {
                  await api(`${base}/documents/${file.id}`, { method: "DELETE" });
                  await onChanged();
                })
              }
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <FileInput ref={picker} testId="collection-file-input" onFiles={upload} />
      <Button variant="secondary" onClick={() => picker.current?.click()}>
        {t("addFiles", { name: collection.name })}
      </Button>
      <ErrorNote text={error} />
    </li>
  );
}
