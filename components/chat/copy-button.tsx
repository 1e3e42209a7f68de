"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { copyText } from "../ui/copy-text";

export function CopyButton({ text }: { text: string }) {
  const t = useTranslations("message");
  const [result, setResult] = useState<"copied" | "failed" | null>(null);
  return (
    <button
      type="button"
      className={`text-xs underline-offset-2 hover:underline ${result === "failed" ? "text-red-600 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}
      onClick={() => {
        void copyText(text).then((copied) => {
          setResult(copied ? "copied" : "failed");
          // A failure stays longer: it asks the person to do something.
          setTimeout(() => setResult(null), copied ? 1500 : 6000);
        });
      }}
    >
      {/* Polite, so a screen reader hears whether the copy worked without the focus moving. */}
      <span aria-live="polite">{result === "copied" ? t("copied") : result === "failed" ? t("copyFailed") : t("copy")}</span>
    </button>
  );
}
