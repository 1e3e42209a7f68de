"use client";
// A panel's button actions: each clears the last error, runs, and shows what went wrong in the reader's words.
import { useCallback, useState } from "react";
import { useErrorText } from "../i18n/use-error-text";

export function useAction() {
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (action: () => Promise<void>) => {
      setError(null);
      try {
        await action();
      } catch (e) {
        setError(errorText(e));
      }
    },
    [errorText],
  );
  return { error, setError, run };
}
