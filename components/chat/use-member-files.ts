"use client";
// The member's files (GET /api/documents), read again every second while any is still being read or indexed,
// so a progress bar moves and a file that becomes ready shows up without a reload.
import { useCallback, useEffect, useState } from "react";
import type { LibraryDocument } from "@/lib/queries/documents";
import { useErrorText } from "../i18n/use-error-text";
import { api } from "../ui/api";

const POLL_MS = 1000;

const inProgress = (d: LibraryDocument) => d.status === "reading" || d.status === "indexing";

export function useMemberFiles(onError: (text: string) => void) {
  const errorText = useErrorText();
  const [files, setFiles] = useState<LibraryDocument[] | null>(null);
  const load = useCallback(() => {
    api<{ documents: LibraryDocument[] }>("/api/documents")
      .then((data) => setFiles(data.documents))
      .catch((e: unknown) => onError(errorText(e)));
  }, [errorText, onError]);
  useEffect(load, [load]);
  const busy = files?.some(inProgress) ?? false;
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(load, POLL_MS);
    return () => clearInterval(timer);
  }, [busy, load]);
  return { files, setFiles };
}
