"use client";
// A generated title arrives a moment after a conversation's first answer (the worker makes it when no answer
// waits). The chat page says when that answer is done; the sidebar then looks again, a few times, until the
// title changed. The list route it reads is the one it already uses: nothing new on the server.
import { useEffect, useRef } from "react";
import type { ConversationPage } from "@/lib/queries/conversation-list";
import { isActive, type UiMessage } from "./message-state";

const TITLE_PENDING = "hearth:title-pending";
/** When to look again after the first answer is done (ms after the previous look): about a minute in all. */
const LOOKS_MS = [400, 800, 1500, 2500, 4000, 6000, 10_000, 15_000, 20_000];

/** On the chat page: announces that the conversation's first answer was seen finishing. */
export function useFirstAnswerDone(conversationId: string | null, messages: UiMessage[]): void {
  const answers = messages.filter((m) => m.role === "assistant");
  const only = answers.length === 1 ? answers[0] : undefined;
  const watching = useRef<string | null>(null);
  useEffect(() => {
    if (!only || !conversationId) return;
    if (isActive(only.status)) watching.current = only.id;
    else if (only.status === "done" && watching.current === only.id) {
      watching.current = null;
      window.dispatchEvent(new CustomEvent(TITLE_PENDING, { detail: { conversationId } }));
    }
  }, [conversationId, only]);
}

function titleIn(page: ConversationPage | null, id: string): string | undefined {
  return page ? [...page.pinned, ...page.conversations].find((c) => c.id === id)?.title : undefined;
}

/** In the sidebar: after a first answer, reloads the list until that conversation's title changes (or a minute passes). */
export function useTitleArrival(load: () => Promise<ConversationPage>, current: () => ConversationPage): void {
  useEffect(() => {
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const later = (ms: number, then: () => void) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        then();
      }, ms);
      timers.add(timer);
    };
    const watch = (event: Event) => {
      const id = (event as CustomEvent<{ conversationId?: string }>).detail?.conversationId;
      if (!id) return;
      const before = titleIn(current(), id);
      const look = (i: number) => {
        void load()
          .catch(() => null)
          .then((page) => {
            const now = titleIn(page, id);
            const changed = now !== undefined && before !== undefined && now !== before;
            const next = LOOKS_MS[i + 1];
            if (!changed && next !== undefined) later(next, () => look(i + 1));
          });
      };
      later(LOOKS_MS[0] as number, () => look(0));
    };
    window.addEventListener(TITLE_PENDING, watch);
    return () => {
      window.removeEventListener(TITLE_PENDING, watch);
      for (const timer of timers) clearTimeout(timer);
    };
  }, [load, current]);
}
