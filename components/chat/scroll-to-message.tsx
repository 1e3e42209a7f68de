"use client";
// Opened from a search result: brings the found message into view and marks it for a moment.
import { useEffect } from "react";

export function ScrollToMessage(props: { messageId: string }) {
  useEffect(() => {
    let tries = 0;
    const find = () => {
      const element = document.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(props.messageId)}"]`);
      if (!element) {
        if (tries++ < 20) requestAnimationFrame(find);
        return;
      }
      element.scrollIntoView({ block: "center" });
      element.dataset.found = "true";
      setTimeout(() => delete element.dataset.found, 3000);
    };
    find();
  }, [props.messageId]);
  return null;
}
