"use client";

import { type Dispatch, type SetStateAction, useCallback, useRef } from "react";
import type { GenerationEvent } from "@/lib/generations/protocol";
import { applyEvent, type UiMessage } from "./message-state";

/**
 * Tokens can arrive faster than the screen refreshes: they are applied in one batch per frame.
 * `applyTo` queues an event for a message; `flush` applies what is queued now (e.g. before a hand-over,
 * so the final event shows in the same render).
 */
export function useTokenBatching(
  setMessages: Dispatch<SetStateAction<UiMessage[]>>,
  onQueued: (id: string, event: GenerationEvent) => void,
) {
  const pending = useRef<{ id: string; event: GenerationEvent }[]>([]);
  const frame = useRef<number | null>(null);

  const flush = useCallback(() => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    frame.current = null;
    const batch = pending.current;
    pending.current = [];
    if (batch.length)
      setMessages((list) => list.map((m) => batch.reduce((msg, b) => (b.id === msg.id ? applyEvent(msg, b.event) : msg), m)));
  }, [setMessages]);

  const applyTo = useCallback(
    (id: string, event: GenerationEvent) => {
      onQueued(id, event);
      pending.current.push({ id, event });
      frame.current ??= requestAnimationFrame(flush);
    },
    [onQueued, flush],
  );

  return { applyTo, flush };
}
