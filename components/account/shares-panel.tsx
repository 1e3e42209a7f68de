"use client";
// A person's share links (made from a conversation's menu): which conversation, when, and Revoke.

import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { useTranslations } from "use-intl";
import { useErrorText } from "../i18n/use-error-text";
import { ErrorNote } from "../ui/alert";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { Panel } from "../ui/panel";
import { useAction } from "../ui/use-action";

type ShareRow = { id: string; title: string; conversationId: string; createdAt: string };

export function SharesPanel() {
  const t = useTranslations("shares");
  const errorText = useErrorText();
  const [data, setData] = useState<{ shares: ShareRow[]; allowed: boolean } | null>(null);
  const { error, setError, run } = useAction();

  const load = useCallback(() => {
    api<{ shares: ShareRow[]; allowed: boolean }>("/api/account/shares")
      .then(setData)
      .catch((e: unknown) => setError(errorText(e)));
  }, [errorText, setError]);
  useEffect(load, [load]);

  return (
    <Panel id="shares" title={t("panelTitle")} className="space-y-3">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("panelIntro")}</p>
      {data && !data.allowed && <p className="text-sm">{t("notAllowed")}</p>}
      {data && data.shares.length === 0 && <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("none")}</p>}
      {data && data.shares.length > 0 && (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {data.shares.map((share) => (
            <li key={share.id} data-testid="share-row" className="flex items-center justify-between gap-2 px-3 py-2 text-sm">
              <span className="min-w-0">
                <Link href={`/c/${share.conversationId}`} prefetch={false} className="block truncate underline">
                  {share.title}
                </Link>
                <span className="block text-xs text-zinc-600 dark:text-zinc-400">{t("sharedOn", { at: new Date(share.createdAt) })}</span>
              </span>
              <Button
                variant="secondary"
                onClick={() =>
                  void run(async () => {
                    await api(`/api/account/shares/${share.id}`, { method: "DELETE" });
                    load();
                  })
                }
              >
                {t("revoke")}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <ErrorNote text={error} />
    </Panel>
  );
}
