"use client";

// A new invite link, shown once: to copy, or to scan with a phone; with a warning when it points at an address
// only the server itself can open.
import { useState } from "react";
import { useTranslations } from "use-intl";
import { Button } from "../ui/button";
import { copyText } from "../ui/copy-text";
import { InviteQr } from "./invite-qr";

export type MadeLink = { url: string; loopback: boolean };

export function InviteLink({ link }: { link: MadeLink }) {
  const t = useTranslations("admin");
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <div className="space-y-2 text-sm">
      <label className="block">
        <span className="mb-1 block font-medium">{t("inviteLink")}</span>
        <span className="flex gap-2">
          <input
            readOnly
            value={link.url}
            data-testid="invite-link"
            onFocus={(e) => e.target.select()}
            className="min-w-0 flex-1 rounded-lg border border-zinc-300 bg-transparent px-3 py-2 font-mono text-xs dark:border-zinc-700"
          />
          <Button type="button" variant="secondary" onClick={() => void copyText(link.url).then(setCopied)}>
            {t("copyLink")}
          </Button>
        </span>
      </label>
      {copied !== null && (
        <p role={copied ? "status" : "alert"} className={copied ? "text-green-700" : "text-red-600"}>
          {copied ? t("linkCopied") : t("linkNotCopied")}
        </p>
      )}
      {link.loopback && (
        <p role="alert" data-testid="invite-loopback" className="rounded-lg bg-amber-100 p-3 text-amber-900">
          {t("inviteLoopback")}
        </p>
      )}
      <InviteQr link={link.url} label={t("inviteQr")} />
    </div>
  );
}
