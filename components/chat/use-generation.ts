"use client";

// Attaches to a generation's event stream. EventSource resends Last-Event-ID on reconnect,
// so a dropped connection resumes at the next token.
import { useEffect, useRef } from "react";
import type { GenerationEvent } from "@/lib/stream/events";

export function useGeneration(messageId: string | null, onEvent: (event: GenerationEvent) => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;

  useEffect(() => {
    if (!messageId) return;
    const source = new EventSource(`/api/generations/${messageId}/events`);
    source.onmessage = (message) => {
      const event = JSON.parse(message.data) as GenerationEvent;
      handler.current(event);
      if (event.type === "done" || event.type === "stopped" || event.type === "failed") source.close();
    };
    return () => source.close();
  }, [messageId]);
}
