"use client";

// A new invite link, shown once: to copy, or to scan with a phone; with a warning when it points at an address
// only the server itself can open.
import { useTranslations } from "use-intl";
import { CopyField } from "../ui/copy-field";
import { InviteQr } from "./invite-qr";

export type MadeLink = { url: string; loopback: boolean };

export function InviteLink({ link }: { link: MadeLink }) {
  const t = useTranslations("admin");
  return (
    <div className="space-y-2 text-sm">
      <CopyField
        label={t("inviteLink")}
        value={link.url}
        testId="invite-link"
        words={{ copy: t("copyLink"), copied: t("linkCopied"), notCopied: t("linkNotCopied") }}
      />
      {link.loopback && (
        <p role="alert" data-testid="invite-loopback" className="rounded-lg bg-amber-100 p-3 text-amber-900">
          {t("inviteLoopback")}
        </p>
      )}
      <InviteQr link={link.url} label={t("inviteQr")} />
    </div>
  );
}
