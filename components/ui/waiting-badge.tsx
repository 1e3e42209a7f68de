"use client";

// How many people wait for the admin's approval, beside a link to where they are approved.
import { useTranslations } from "use-intl";

export function WaitingBadge({ count, className = "" }: { count: number; className?: string }) {
  const t = useTranslations("admin");
  if (count <= 0) return null;
  return (
    <span data-testid="menu-badge" className={`rounded-full bg-amber-500 px-2 text-xs font-semibold text-white no-underline ${className}`}>
      <span aria-hidden="true">{count}</span>
      <span className="sr-only">{t("waitingBadge", { count })}</span>
    </span>
  );
}
