"use client";

import { useCallback } from "react";
import { useTranslations } from "use-intl";
import type { ErrorKey } from "@/lib/i18n/config";
import { ApiError } from "../ui/api";

/**
 * What to show a person for a failed request: the server's translated message, else a translated fallback.
 * The function is stable across renders: callers put it in effect dependencies, and a new function on
 * each render made the account page fetch its sessions in a loop (hundreds of requests a second, idle).
 */
export function useErrorText(): (error: unknown) => string {
  const t = useTranslations("errors");
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) {
        if (error.message) return error.message;
        return t.has(error.code as ErrorKey) ? t(error.code as ErrorKey) : t("requestFailed", { status: error.status });
      }
      if (error instanceof TypeError) return t("offline");
      return t("internal");
    },
    [t],
  );
}
