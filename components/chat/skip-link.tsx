"use client";

import { useTranslations } from "use-intl";
import { COMPOSER_ID } from "./composer";

/** The first stop for the Tab key: straight to the message box instead of through the whole sidebar. */
export function SkipLink() {
  const t = useTranslations("app");
  return (
    <a
      href={`#${COMPOSER_ID}`}
      onClick={(event) => {
        event.preventDefault();
        document.getElementById(COMPOSER_ID)?.focus();
      }}
      className="sr-only z-50 rounded-lg bg-white px-4 py-2 text-sm font-medium text-zinc-900 ring-2 ring-blue-600 focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
    >
      {t("skipToComposer")}
    </a>
  );
}
