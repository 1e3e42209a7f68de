// A stored failure (failure.ts) in English, for the server's own log, which an admin greps whatever their language.
import { createTranslator } from "use-intl/core";
import type { ErrorKey } from "./config";
import { decodeFailure } from "./failure";
import en from "./messages/en.json";

const t = createTranslator({ locale: "en", messages: en, namespace: "errors" });

export function failureInEnglish(stored: string): string {
  const failure = decodeFailure(stored);
  return failure && t.has(failure.key as ErrorKey) ? t(failure.key as ErrorKey, failure.values) : stored;
}
