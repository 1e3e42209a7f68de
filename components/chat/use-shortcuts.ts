"use client";

// The chat's keyboard shortcuts (listed on the settings page): new chat, go to the message box, stop.
import { type RefObject, useEffect, useRef } from "react";

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

export function useChatShortcuts(input: { box: RefObject<HTMLTextAreaElement | null>; stop: (() => void) | null }): void {
  const stop = useRef(input.stop);
  stop.current = input.stop;
  const { box } = input;

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      // Escape while an input method is composing cancels the composition, nothing else.
      if (event.isComposing || event.keyCode === 229) return;
      const mod = event.ctrlKey || event.metaKey;
      if (mod && event.shiftKey && event.key.toLowerCase() === "o") {
        event.preventDefault();
        // A full navigation, like the sidebar's New chat: a new chat starts from a clean page.
        window.location.assign("/");
      } else if (event.key === "Escape" && event.shiftKey) {
        event.preventDefault();
        box.current?.focus();
      } else if (event.key === "Escape" && stop.current) {
        event.preventDefault();
        box.current?.focus();
        stop.current();
      } else if (event.key === "/" && !mod && !isTyping(event.target)) {
        event.preventDefault();
        box.current?.focus();
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [box]);
}
