// Sends a message and reads the answer on the same request: the server answers the POST with the new
// generation's event stream, its first event carrying the ids it stored.
import { type GenerationEvent, isFinal, type SentEvent } from "@/lib/generations/protocol";
import { type EventFrame, readEventStream } from "@/lib/generations/sse-frames";
import { ApiError, errorFrom } from "../ui/api";

export type SendHandlers = {
  /** The message is stored; called before any event of its generation. */
  onSent: (sent: SentEvent) => void;
  onEvent: (event: GenerationEvent) => void;
  /** The stream ended: with its final event, or early (then resume from lastId on the events route). */
  onEnd: (end: { lastId: string; finished: boolean }) => void;
};

/** Resolves once the message is stored (the text may leave the box); the answer keeps coming to the handlers. */
export async function sendWithStream(url: string, body: unknown, handlers: SendHandlers, signal?: AbortSignal): Promise<SentEvent> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok || !response.body) throw await errorFrom(response);
  const stream = response.body;

  return new Promise<SentEvent>((resolve, reject) => {
    let sent: SentEvent | null = null;
    let lastId = "";
    let finished = false;
    const onFrame = (frame: EventFrame) => {
      const event = JSON.parse(frame.data) as GenerationEvent | SentEvent;
      if (event.type === "sent") {
        sent = event;
        handlers.onSent(event);
        resolve(event);
        return undefined;
      }
      if (frame.id) lastId = frame.id;
      handlers.onEvent(event);
      if (!isFinal(event)) return undefined;
      finished = true;
      return "stop" as const;
    };
    readEventStream(stream, onFrame)
      .catch(() => {})
      .finally(() => {
        if (sent) handlers.onEnd({ lastId, finished });
        else reject(new ApiError("", 0, "sendInterrupted")); // put into words by useErrorText
      });
  });
}
