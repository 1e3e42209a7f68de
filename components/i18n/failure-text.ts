// A stored failure reason (lib/i18n/failure.ts) in the reader's language.
import type { useTranslations } from "use-intl";
import type { ErrorKey } from "@/lib/i18n/config";
import { decodeFailure } from "@/lib/i18n/failure";

/** A reason stored before reasons were catalogue keys is shown as it is. */
export function failureText(t: ReturnType<typeof useTranslations<"errors">>, stored: string): string {
  const failure = decodeFailure(stored);
  return failure && t.has(failure.key as ErrorKey) ? t(failure.key as ErrorKey, failure.values) : stored;
}
