"use client";
// API keys as rows (name, facts, Revoke): the person's own list and the admin's list of the family's keys.

import type { ReactNode } from "react";
import { useTranslations } from "use-intl";
import { Button } from "../ui/button";

export type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  requests: number;
  tokens: number;
};

/** One line about a key's state and use. */
function KeyFacts({ apiKey }: { apiKey: ApiKeyRow }) {
  const t = useTranslations("apiKeys");
  const expired = apiKey.expiresAt !== null && new Date(apiKey.expiresAt) <= new Date();
  const state = apiKey.revokedAt
    ? t("revoked")
    : expired
      ? t("expired")
      : apiKey.expiresAt
        ? t("expiresAt", { at: new Date(apiKey.expiresAt) })
        : null;
  return (
    <span className="block text-xs text-zinc-600 dark:text-zinc-400">
      {t("details", { prefix: apiKey.prefix, created: new Date(apiKey.createdAt) })} ·{" "}
      {apiKey.lastUsedAt ? t("lastUsed", { at: new Date(apiKey.lastUsedAt) }) : t("neverUsed")} ·{" "}
      {t("usage", { requests: apiKey.requests, tokens: apiKey.tokens })}
      {state && ` · ${state}`}
    </span>
  );
}

export function ApiKeyList<Row extends ApiKeyRow>(props: {
  keys: Row[];
  /** What names the key in its row (the admin's list adds the owner). */
  label: (key: Row) => ReactNode;
  onRevoke: (key: Row) => void;
  testId: string;
}) {
  const t = useTranslations("apiKeys");
  if (props.keys.length === 0) return null;
  return (
    <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
      {props.keys.map((k) => (
        <li key={k.id} data-testid={props.testId} className="flex items-center justify-between gap-2 px-3 py-2 text-sm">
          <span>
            {props.label(k)}
            <KeyFacts apiKey={k} />
          </span>
          {!k.revokedAt && (
            <Button variant="secondary" onClick={() => props.onRevoke(k)}>
              {t("revoke")}
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}
