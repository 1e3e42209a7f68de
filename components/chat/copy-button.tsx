"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";

export function CopyButton({ text }: { text: string }) {
  const t = useTranslations("message");
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="text-xs text-zinc-600 underline-offset-2 hover:underline dark:text-zinc-400"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        });
      }}
    >
      {copied ? t("copied") : t("copy")}
    </button>
  );
}
