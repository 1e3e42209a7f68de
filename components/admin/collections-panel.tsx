"use client";
// The admin's family collections ("House manuals", "School"): create one, say who may use it, and manage each
// one's files (components/admin/collection-item.tsx). The files' processing state is followed while any is busy.
import { useEffect, useState } from "react";
import { useTranslations } from "use-intl";
import { ErrorNote } from "../ui/alert";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { Panel } from "../ui/panel";
import { useAction } from "../ui/use-action";
import { type AdminCollection, AudienceSelect, CollectionItem, inputClass } from "./collection-item";

const POLL_MS = 1000;

export function CollectionsPanel({ initial }: { initial: AdminCollection[] }) {
  const t = useTranslations("collections");
  const [collections, setCollections] = useState(initial);
  const { error, run } = useAction();

  const refresh = async () => setCollections((await api<{ collections: AdminCollection[] }>("/api/admin/collections")).collections);

  const busy = collections.some((c) => c.documents.some((d) => d.status === "reading" || d.status === "indexing"));
  // biome-ignore lint/correctness/useExhaustiveDependencies: refresh only sets state; polling depends on busy alone
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => void refresh().catch(() => {}), POLL_MS);
    return () => clearInterval(timer);
  }, [busy]);

  function onCreate(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    void run(async () => {
      await api("/api/admin/collections", {
        body: { name: data.get("name"), description: data.get("description") ?? "", audience: data.get("audience") },
      });
      form.reset();
      await refresh();
    });
  }

  return (
    <Panel id="collections" title={t("title")}>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("intro")}</p>
      <form onSubmit={onCreate} aria-label={t("createForm")} className="flex flex-wrap items-end gap-2 text-sm">
        <label className="min-w-40 flex-1">
          <span className="mb-1 block font-medium">{t("name")}</span>
          <input name="name" required maxLength={60} placeholder={t("nameExample")} className={`w-full ${inputClass}`} />
        </label>
        <label className="min-w-40 flex-[2]">
          <span className="mb-1 block font-medium">{t("description")}</span>
          <input name="description" maxLength={300} className={`w-full ${inputClass}`} />
        </label>
        <AudienceSelect name="audience" defaultValue="everyone" />
        <Button type="submit">{t("create")}</Button>
      </form>
      <ErrorNote text={error} />
      {collections.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("none")}</p>
      ) : (
        <ul className="space-y-4">
          {collections.map((collection) => (
            <CollectionItem key={collection.id} collection={collection} onChanged={refresh} />
          ))}
        </ul>
      )}
    </Panel>
  );
}
