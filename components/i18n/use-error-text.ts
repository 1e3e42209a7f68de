"use client";

import { useTranslations } from "use-intl";
import type { ErrorKey } from "@/lib/i18n/config";
import { ApiError } from "../ui/api";

/** What to show a person for a failed request: the server's translated message, else a translated fallback. */
export function useErrorText(): (error: unknown) => string {
  const t = useTranslations("errors");
  return (error) => {
    if (error instanceof ApiError) {
      if (error.message) return error.message;
      return t.has(error.code as ErrorKey) ? t(error.code as ErrorKey) : t("requestFailed", { status: error.status });
    }
    if (error instanceof TypeError) return t("offline");
    return t("internal");
  };
}
