"use client";

import { useCallback, useEffect, useState } from "react";
import { useTranslations } from "use-intl";
import { useErrorText } from "../i18n/use-error-text";
import { ErrorNote } from "../ui/alert";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { Panel } from "../ui/panel";

type SessionRow = { id: string; userAgent: string; createdAt: string; lastSeenAt: string; current: boolean };

type T = ReturnType<typeof useTranslations<"account">>;

/** A short name for a browser from its user agent, in the reader's language, e.g. "Chrome on Linux". */
function browserName(t: T, userAgent: string): string {
  // Product names stay as they are in every language; only the sentence around them is translated.
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrom(e|ium)\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : t("unknownBrowser");
  const system = /Android/.test(userAgent)
    ? "Android"
    : /iPhone|iPad/.test(userAgent)
      ? "iOS"
      : /Windows/.test(userAgent)
        ? "Windows"
        : /Mac OS/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : t("unknownSystem");
  return t("deviceName", { browser, system });
}

export function SessionsPanel() {
  const t = useTranslations("account");
  const errorText = useErrorText();
  const [sessions, setSessions] = useState<SessionRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api<{ sessions: SessionRow[] }>("/api/account/sessions")
      .then((d) => setSessions(d.sessions))
      .catch((e: unknown) => setError(errorText(e)));
  }, [errorText]);
  useEffect(load, [load]);

  async function end(url: string) {
    try {
      await api(url, { method: "DELETE" });
      load();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <Panel id="sessions" title={t("sessionsTitle")} className="space-y-3">
      <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {sessions?.map((s) => (
          <li key={s.id} data-testid="session-row" className="flex items-center justify-between gap-2 px-3 py-2 text-sm">
            <span>
              {browserName(t, s.userAgent)}
              <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                {t("sessionTimes", { signedIn: new Date(s.createdAt), lastSeen: new Date(s.lastSeenAt) })}
              </span>
            </span>
            {s.current ? (
              <span className="text-xs text-zinc-600 dark:text-zinc-400">{t("thisBrowser")}</span>
            ) : (
              <Button variant="secondary" onClick={() => void end(`/api/account/sessions/${s.id}`)}>
                {t("signOut")}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {sessions && sessions.length > 1 && (
        <Button variant="secondary" onClick={() => void end("/api/account/sessions")}>
          {t("signOutElsewhere")}
        </Button>
      )}
      <ErrorNote text={error} />
    </Panel>
  );
}
