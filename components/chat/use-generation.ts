"use client";

// Attaches to a generation's event stream. EventSource resends Last-Event-ID when a connection drops,
// so the answer resumes at the next token; when the server refuses outright (e.g. restarting), it is
// tried again a little later from the last event seen.
import { useEffect, useRef } from "react";
import type { GenerationEvent } from "@/lib/generations/protocol";

const RETRY_MS = 2000;

/** `after`: the last event id already seen (e.g. on the stream a send answered with), read when attaching. */
export function useGeneration(generationId: string | null, onEvent: (event: GenerationEvent) => void, after?: () => string): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const resumeFrom = useRef(after);
  resumeFrom.current = after;

  useEffect(() => {
    if (!generationId) return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let lastId = resumeFrom.current?.() ?? "";
    let finished = false;

    const connect = () => {
      const query = lastId ? `?after=${encodeURIComponent(lastId)}` : "";
      source = new EventSource(`/api/generations/${generationId}/events${query}`);
      source.onmessage = (message) => {
        if (message.lastEventId) lastId = message.lastEventId;
        const event = JSON.parse(message.data) as GenerationEvent;
        handler.current(event);
        if (event.type === "done" || event.type === "stopped" || event.type === "failed") {
          finished = true;
          source?.close();
        }
      };
      source.onerror = () => {
        if (finished || source?.readyState !== EventSource.CLOSED) return;
        retry = setTimeout(() => void reconnectIfSignedIn(connect), RETRY_MS);
      };
    };
    connect();
    return () => {
      finished = true;
      if (retry) clearTimeout(retry);
      source?.close();
    };
  }, [generationId]);
}

/** A refused stream may mean the session ended (signed out elsewhere, account disabled): then go to sign-in. */
async function reconnectIfSignedIn(connect: () => void): Promise<void> {
  const response = await fetch("/api/account/sessions").catch(() => null);
  if (response?.status === 401) window.location.assign("/login");
  else connect();
}
