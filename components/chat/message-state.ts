// How a message on screen changes with each generation event. Pure, so it is unit-tested alone.
import type { GenerationEvent } from "@/lib/stream/events";

export type UiStatus = "queued" | "loading" | "generating" | "done" | "stopped" | "failed";

export type UiMessage = {
  id: string;
  role: "system" | "user" | "assistant";
  content: string;
  status: UiStatus;
  error: string | null;
  outputTokens: number | null;
  tokensPerSec: number | null;
  firstTokenMs: number | null;
  note: string | null;
};

export function isActive(status: UiStatus): boolean {
  return status === "queued" || status === "loading" || status === "generating";
}

export function applyEvent(message: UiMessage, event: GenerationEvent): UiMessage {
  switch (event.type) {
    case "queued":
      return { ...message, status: "queued", note: event.position ? `Waiting in line: #${event.position}` : "Waiting for a free worker…" };
    case "loading":
      return { ...message, status: "loading", note: `Loading ${event.model}…` };
    case "started":
      // Each attempt starts from an empty answer, so a retry never shows the first attempt's words.
      return { ...message, status: "generating", content: "", note: null };
    case "token":
      return { ...message, status: "generating", content: message.content + event.text };
    case "retrying":
      return { ...message, status: "queued", content: "", note: event.reason };
    case "done":
    case "stopped":
      return {
        ...message,
        status: event.type,
        content: event.content,
        outputTokens: event.outputTokens,
        tokensPerSec: event.tokensPerSec,
        firstTokenMs: event.firstTokenMs,
        note: null,
      };
    case "failed":
      return { ...message, status: "failed", content: event.content, error: event.error, note: null };
  }
}
