"use client";
// Enter sends, Shift+Enter starts a new line, and the Enter that confirms an input method's candidate (Chinese
// pinyin, Japanese kana…) never sends: the same in the message box and in the box that edits a sent message.
import { useRef } from "react";

/**
 * True while an input method is composing: the Enter then picks a candidate and must not send. Safari reports
 * the confirming Enter after compositionend, with keyCode 229.
 */
function isImeEnter(event: React.KeyboardEvent, composing: boolean): boolean {
  return composing || event.nativeEvent.isComposing || event.keyCode === 229;
}

/** Props for a textarea: spread them onto it. */
export function useEnterToSend(send: () => void) {
  const composing = useRef(false);
  return {
    onCompositionStart: () => {
      composing.current = true;
    },
    onCompositionEnd: () => {
      composing.current = false;
    },
    onKeyDown: (event: React.KeyboardEvent<HTMLTextAreaElement>) => {
      if (event.key === "Enter" && !event.shiftKey && !isImeEnter(event, composing.current)) {
        event.preventDefault();
        send();
      }
    },
  };
}
