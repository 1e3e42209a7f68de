"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { useErrorText } from "../i18n/use-error-text";
import { ErrorNote } from "../ui/alert";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { Panel } from "../ui/panel";

type LockRow = { email: string; failures: number; secondsLeft: number };

export function LocksPanel({ initial }: { initial: LockRow[] }) {
  const t = useTranslations("admin");
  const errorText = useErrorText();
  const [locks, setLocks] = useState(initial);
  const [error, setError] = useState<string | null>(null);

  async function unlock(email: string) {
    setError(null);
    try {
      await api("/api/admin/locks", { method: "DELETE", body: { email } });
      setLocks((list) => list.filter((l) => l.email !== email));
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <Panel id="locks" title={t("locksTitle")} className="space-y-3">
      {locks.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("noLocks")}</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {locks.map((l) => (
            <li key={l.email} data-testid="lock-row" className="flex items-center justify-between">
              <span>{t("lockRow", { email: l.email, failures: l.failures, minutes: Math.ceil(l.secondsLeft / 60) })}</span>
              <Button variant="secondary" onClick={() => void unlock(l.email)}>
                {t("unlock")}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <ErrorNote text={error} />
    </Panel>
  );
}
