// How a message on screen changes with each generation event. Pure, so it is unit-tested alone.
import type { AnswerSources } from "@/lib/documents/sources";
import type { GenerationEvent } from "@/lib/generations/protocol";

/** A line under a waiting answer, as a catalogue key (in `queue`) and its values: translated when shown. */
export type Note =
  | { key: "waitingForWorker" | "noWorker" | "retrying" | "restarted" | "notResponding" }
  | { key: "next"; wait: Wait | null }
  | { key: "position"; position: number; wait: Wait | null }
  | { key: "loading"; model: string };
export type Wait = { seconds: number } | { minutes: number };

export type UiStatus = "queued" | "loading" | "generating" | "done" | "stopped" | "failed";

export type UiMessage = {
  id: string;
  /** The message this one follows (see message-tree.ts). */
  parentId: string | null;
  role: "system" | "user" | "assistant";
  content: string;
  status: UiStatus;
  error: string | null;
  outputTokens: number | null;
  tokensPerSec: number | null;
  firstTokenMs: number | null;
  note: Note | null;
  context: { promptTokens: number; contextSize: number; trimmedTurns: number } | null;
  /** Send to finish of a stored answer, as the server saw it (the browser measures live ones itself). */
  tookMs?: number | null;
  /** The model that writes (or wrote) this answer, shown quietly in its details and on hover. */
  modelName?: string | null;
  /** The attempt whose text is shown; text of any other attempt is ignored. */
  attempt?: number;
  /** The passages of the member's files the answer was given (null: the conversation had no files). */
  sources?: AnswerSources | null;
};

/** A message with nothing measured yet: a question just sent, or an answer that has not started. */
export function newUiMessage(m: Pick<UiMessage, "id" | "parentId" | "role" | "content" | "status">): UiMessage {
  return { ...m, error: null, outputTokens: null, tokensPerSec: null, firstTokenMs: null, note: null, context: null };
}

export function isActive(status: UiStatus): boolean {
  return status === "queued" || status === "loading" || status === "generating";
}

export function queueNote(position: number | null, etaSeconds: number | null): Note {
  if (!position) return { key: "waitingForWorker" };
  const wait =
    etaSeconds && etaSeconds > 0 ? (etaSeconds < 60 ? { seconds: Math.ceil(etaSeconds) } : { minutes: Math.ceil(etaSeconds / 60) }) : null;
  return position === 1 ? { key: "next", wait } : { key: "position", position, wait };
}

export function applyEvent(message: UiMessage, event: GenerationEvent): UiMessage {
  switch (event.type) {
    case "queued":
      // A late place-in-line notice never takes back an answer that has started.
      if (message.status !== "queued" && message.status !== "loading") return message;
      return {
        ...message,
        status: "queued",
        note: event.workersOnline === 0 ? { key: "noWorker" } : queueNote(event.position, event.etaSeconds ?? null),
      };
    case "loading":
      return { ...message, status: "loading", note: { key: "loading", model: event.model } };
    case "started":
      // Each attempt starts from an empty answer, so a retry never shows the first attempt's words; a
      // restarted answer says so while it is written again.
      return {
        ...message,
        status: "generating",
        content: "",
        note: event.attempt > 1 ? { key: "restarted" } : null,
        attempt: event.attempt,
        context: { promptTokens: event.promptTokens, contextSize: event.contextSize, trimmedTurns: event.trimmedTurns },
      };
    case "token":
      if (message.attempt !== undefined && event.attempt !== message.attempt) return message;
      return { ...message, status: "generating", content: message.content + event.text };
    case "retrying":
      // The worker's reason is in English for the logs; the reader gets it in their language.
      return { ...message, status: "queued", content: "", note: { key: "retrying" } };
    case "server":
      return serverNote(message, event.responding);
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
        sources: event.type === "done" ? (event.sources ?? message.sources) : message.sources,
      };
    case "failed":
      return { ...message, status: "failed", content: event.content, error: event.error, note: null };
  }
}

/** The model server stopped (or started again) responding: the note says so while the answer waits. */
function serverNote(message: UiMessage, responding: boolean): UiMessage {
  if (!isActive(message.status)) return message;
  if (!responding) return { ...message, note: { key: "notResponding" } };
  if (message.note?.key !== "notResponding") return message;
  return { ...message, note: message.status === "generating" ? null : { key: "waitingForWorker" } };
}
