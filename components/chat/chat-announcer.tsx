"use client";
// What the answer on screen is doing, for screen readers: a polite live region that speaks each waiting note,
// when writing starts, and the end of the answer (with its opening words), without moving the reader's focus.
// A failure needs nothing here: its note is an alert of its own.

import { useRef } from "react";
import { useTranslations } from "use-intl";
import type { UiMessage } from "./message-state";
import { noteText } from "./note-text";

/** Markdown's punctuation read aloud is noise ("asterisk asterisk"): the opening words as plain text. */
function opening(markdown: string, max = 200): string {
  const plain = markdown
    .replace(/```[\s\S]*?(```|$)/g, " ")
    .replace(/[#*_`>|~[\]$\\]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return plain.length > max ? `${plain.slice(0, max).replace(/\s\S*$/, "")}…` : plain;
}

export function ChatAnnouncer({ answer }: { answer: UiMessage | null }) {
  const t = useTranslations("message");
  const tQueue = useTranslations("queue");
  // An answer already finished when the page opened is not news: only changes seen here are announced.
  const opened = useRef(answer ? `${answer.id}:${answer.status}` : "");
  let text = "";
  if (answer && `${answer.id}:${answer.status}` !== opened.current) {
    if (answer.note) text = noteText(tQueue, answer.note);
    else if (answer.status === "generating") text = t("announceWriting");
    else if (answer.status === "done") text = t("announceDone", { opening: opening(answer.content) });
    else if (answer.status === "stopped") text = t("stopped");
  }
  return (
    <div role="status" aria-live="polite" aria-atomic="true" data-testid="chat-announcer" className="sr-only">
      {text}
    </div>
  );
}
