"use client";
// The admin's view of every API key in the family (never a secret), with revoke, and who may have keys.

import { useState } from "react";
import { useTranslations } from "use-intl";
import { ApiKeyList, type ApiKeyRow } from "../account/api-key-list";
import { ErrorNote } from "../ui/alert";
import { api } from "../ui/api";
import { Panel } from "../ui/panel";
import { useAction } from "../ui/use-action";

export type AdminApiKeyRow = ApiKeyRow & { owner: { id: string; name: string; email: string } };
type Policy = { members: boolean; children: boolean };

export function AdminApiKeysPanel(props: { initial: AdminApiKeyRow[]; policy: Policy }) {
  const t = useTranslations("apiKeys");
  const [keys, setKeys] = useState(props.initial);
  const [policy, setPolicy] = useState(props.policy);
  const { error, run } = useAction();

  const savePolicy = (next: Policy) =>
    void run(async () => {
      const saved = await api<{ policy: Policy }>("/api/admin/api-keys", { method: "PUT", body: next });
      setPolicy(saved.policy);
    });

  return (
    <Panel id="api-keys" title={t("adminTitle")} className="space-y-3">
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={policy.members} onChange={(e) => savePolicy({ ...policy, members: e.target.checked })} />
        {t("allowMembers")}
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={policy.children} onChange={(e) => savePolicy({ ...policy, children: e.target.checked })} />
        {t("allowChildren")}
      </label>
      {keys.length === 0 && <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("adminNone")}</p>}
      <ApiKeyList
        keys={keys}
        testId="admin-api-key-row"
        label={(k) => `${k.owner.name} · ${k.name}`}
        onRevoke={(k) =>
          void run(async () => {
            await api(`/api/admin/api-keys/${k.id}`, { method: "DELETE" });
            setKeys((list) => list.map((x) => (x.id === k.id ? { ...x, revokedAt: new Date().toISOString() } : x)));
          })
        }
      />
      <ErrorNote text={error} />
    </Panel>
  );
}
