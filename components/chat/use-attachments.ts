"use client";

import { useCallback, useEffect, useState } from "react";
import { useErrorText } from "../i18n/use-error-text";
import { api, errorFrom } from "../ui/api";

/** A file in the composer or the conversation: uploaded (with an id) or refused at upload (with the reason). */
export type Attachment = {
  key: string;
  id: string | null;
  name: string;
  status: "uploading" | "reading" | "indexing" | "ready" | "failed";
  progress: number;
  /** A stored failure reason (the worker's) or, when refused at upload, the server's words. */
  failure: string | null;
  refused: string | null;
};

type DocumentView = { id: string; name: string; status: Attachment["status"]; progress: number; failure: string | null };

const POLL_MS = 1000;

function fromView(view: DocumentView): Attachment {
  return { key: view.id, id: view.id, name: view.name, status: view.status, progress: view.progress, failure: view.failure, refused: null };
}

/**
 * The conversation's files and those added in the composer: each uploaded as it is added, its state followed
 * until it is ready or failed. Their ids go with the next message (the server adds them to the conversation).
 */
export function useAttachments(conversationId: string | null) {
  const errorText = useErrorText();
  const [files, setFiles] = useState<Attachment[]>([]);

  useEffect(() => {
    if (!conversationId) return;
    api<{ documents: DocumentView[] }>(`/api/conversations/${conversationId}/documents`)
      .then(({ documents }) => setFiles((now) => [...documents.map(fromView), ...now.filter((f) => !documents.some((d) => d.id === f.id))]))
      .catch(() => {});
  }, [conversationId]);

  const busy = files.some((f) => f.status === "reading" || f.status === "indexing");
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => {
      for (const file of files) {
        if (!file.id || (file.status !== "reading" && file.status !== "indexing")) continue;
        api<{ document: DocumentView }>(`/api/documents/${file.id}`)
          .then(({ document }) => setFiles((now) => now.map((f) => (f.id === document.id ? fromView(document) : f))))
          .catch(() => {});
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [busy, files]);

  const add = useCallback(
    (added: File[]) => {
      for (const file of added) {
        const key = `${file.name}-${Math.random()}`;
        setFiles((now) => [...now, { key, id: null, name: file.name, status: "uploading", progress: 0, failure: null, refused: null }]);
        fetch(`/api/documents?name=${encodeURIComponent(file.name)}`, {
          method: "POST",
          headers: { "Content-Type": "application/octet-stream" },
          body: file,
        })
          .then(async (response) => {
            if (!response.ok) throw await errorFrom(response);
            const { document } = (await response.json()) as { document: DocumentView };
            setFiles((now) => now.map((f) => (f.key === key ? { ...fromView(document), key } : f)));
          })
          .catch((error: unknown) =>
            setFiles((now) => now.map((f) => (f.key === key ? { ...f, status: "failed", refused: errorText(error) } : f))),
          );
      }
    },
    [errorText],
  );

  /**
   * One of the member's own files: added to the conversation now, or (a new chat, no conversation yet) held
   * here and sent with the first message, like a file uploaded with the paperclip.
   */
  const choose = useCallback(
    async (file: DocumentView) => {
      if (conversationId) await api(`/api/conversations/${conversationId}/documents`, { method: "POST", body: { documentIds: [file.id] } });
      setFiles((now) => (now.some((f) => f.id === file.id) ? now : [...now, fromView(file)]));
    },
    [conversationId],
  );

  const remove = useCallback(
    (file: Attachment) => {
      setFiles((now) => now.filter((f) => f.key !== file.key));
      if (conversationId && file.id)
        void api(`/api/conversations/${conversationId}/documents/${file.id}`, { method: "DELETE" }).catch(() => {});
    },
    [conversationId],
  );

  const documentIds = files.flatMap((f) => (f.id && f.status !== "failed" ? [f.id] : []));
  return { files, add, choose, remove, documentIds };
}
