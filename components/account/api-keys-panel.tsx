"use client";
// A person's own API keys: make one (its secret shown once), see how each is used, revoke one.

import { useCallback, useEffect, useState } from "react";
import { useTranslations } from "use-intl";
import { useErrorText } from "../i18n/use-error-text";
import { ErrorNote } from "../ui/alert";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { Panel } from "../ui/panel";
import { useAction } from "../ui/use-action";
import { ApiKeyList, type ApiKeyRow } from "./api-key-list";

const select = "rounded-lg border border-zinc-300 bg-transparent px-2 py-2 text-sm dark:border-zinc-700";

export function ApiKeysPanel() {
  const t = useTranslations("apiKeys");
  const errorText = useErrorText();
  const [data, setData] = useState<{ keys: ApiKeyRow[]; allowed: boolean; showApiConversations: boolean } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const { error, setError, run } = useAction();
  const [origin, setOrigin] = useState("");

  const load = useCallback(() => {
    api<{ keys: ApiKeyRow[]; allowed: boolean; showApiConversations: boolean }>("/api/account/api-keys")
      .then(setData)
      .catch((e: unknown) => setError(errorText(e)));
  }, [errorText, setError]);
  useEffect(load, [load]);
  useEffect(() => setOrigin(window.location.origin), []);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = new FormData(form);
    const days = Number(values.get("days"));
    void run(async () => {
      const created = await api<{ secret: string }>("/api/account/api-keys", {
        body: { name: values.get("name"), expiresInDays: days > 0 ? days : null },
      });
      setSecret(created.secret);
      form.reset();
      load();
    });
  }

  return (
    <Panel id="api-keys" title={t("title")} className="space-y-3">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("intro")}</p>
      {origin && <p className="font-mono text-xs">{t("baseUrl", { url: `${origin}/v1` })}</p>}
      {data && !data.allowed && <p className="text-sm">{t("notAllowed")}</p>}
      {data?.allowed && (
        <form onSubmit={onSubmit} aria-label={t("create")} className="flex flex-wrap items-end gap-2">
          <div className="min-w-48 flex-1">
            <Field label={t("name")} name="name" required maxLength={100} />
          </div>
          <label className="text-sm">
            <span className="mb-1 block font-medium">{t("expires")}</span>
            <select name="days" defaultValue="0" className={select}>
              <option value="0">{t("never")}</option>
              <option value="30">{t("days", { count: 30 })}</option>
              <option value="90">{t("days", { count: 90 })}</option>
              <option value="365">{t("days", { count: 365 })}</option>
            </select>
          </label>
          <Button type="submit">{t("create")}</Button>
        </form>
      )}
      {secret && (
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{t("shownOnce")}</span>
          <input
            readOnly
            value={secret}
            data-testid="api-key-secret"
            onFocus={(e) => e.target.select()}
            className="w-full rounded-lg border border-zinc-300 bg-transparent px-3 py-2 font-mono text-xs dark:border-zinc-700"
          />
        </label>
      )}
      {data && data.keys.length === 0 && <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("none")}</p>}
      {data && (
        <ApiKeyList
          keys={data.keys}
          testId="api-key-row"
          label={(k) => k.name}
          onRevoke={(k) =>
            void run(async () => {
              await api(`/api/account/api-keys/${k.id}`, { method: "DELETE" });
              load();
            })
          }
        />
      )}
      {data && (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={data.showApiConversations}
            onChange={(e) => {
              const show = e.target.checked;
              void run(async () => {
                await api("/api/account/api-keys", { method: "PATCH", body: { showApiConversations: show } });
                setData((d) => (d ? { ...d, showApiConversations: show } : d));
              });
            }}
          />
          {t("showInSidebar")}
        </label>
      )}
      <ErrorNote text={error} />
    </Panel>
  );
}
