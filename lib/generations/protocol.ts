// The generation protocol, defined once for both ends: the events a worker writes and a browser reads,
// how they are encoded in the replay log, on the live channel and in stop requests. Shared with the browser
// (event types, isFinal), so it imports nothing: the Redis keys, which need the server's environment for
// their prefix, live beside it in ./redis-keys.ts.

import type { AnswerSources } from "../documents/sources";

export type GenerationStats = {
  outputTokens: number;
  tokensPerSec: number | null;
  firstTokenMs: number | null;
};

/** The passages of the member's files an answer was given (lib/documents/sources.ts), when it had files. */
export type FinalSources = { sources?: AnswerSources | null };

export type FinalEvent =
  | ({ type: "done"; content: string } & GenerationStats & FinalSources)
  | ({ type: "stopped"; content: string } & GenerationStats)
  | { type: "failed"; content: string; error: string };

export type GenerationEvent =
  /** position 1 = next to start; etaSeconds is a rough guess from recent generation times. */
  | { type: "queued"; position: number | null; etaSeconds?: number | null; workersOnline?: number }
  | { type: "loading"; model: string }
  /** trimmedTurns: the oldest turns left out so the conversation fits the context (shown to the user). */
  /** timings: what this attempt waited for before the prompt (queue pick-up, claim), for benches and devtools. */
  | {
      type: "started";
      attempt: number;
      promptTokens: number;
      contextSize: number;
      trimmedTurns: number;
      timings?: { pickupMs: number; claimMs: number };
    }
  | { type: "token"; text: string; attempt: number }
  | { type: "retrying"; attempt: number; reason: string }
  /** Live only, never logged: whether any model worker responds (see lib/generations/worker-watch.ts). */
  | { type: "server"; responding: boolean }
  | FinalEvent;

/**
 * The first event of a send answered with its stream: the ids the new messages got. It is not part of the
 * generation's log (a reader attaching later already knows them).
 */
export type SentEvent = { type: "sent"; conversationId: string; userMessageId: string; generationId: string };

/** An event as delivered: with the id of its entry in the replay log (a Redis Stream id). */
export type LoggedEvent = { id: string; event: GenerationEvent };

const finalTypes = new Set<GenerationEvent["type"]>(["done", "stopped", "failed"]);

export function isFinal(event: GenerationEvent | SentEvent): event is FinalEvent {
  return finalTypes.has(event.type as GenerationEvent["type"]);
}

/** Orders Redis Stream ids ("ms-seq"): negative when a comes first. */
export function compareStreamIds(a: string, b: string): number {
  const [am = "0", as = "0"] = a.split("-");
  const [bm = "0", bs = "0"] = b.split("-");
  const ms = BigInt(am) - BigInt(bm);
  if (ms !== 0n) return ms < 0n ? -1 : 1;
  const seq = BigInt(as) - BigInt(bs);
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}

export function isStreamId(value: string): boolean {
  return /^\d{1,20}-\d{1,20}$/.test(value);
}

/** The one field of a log entry: `XADD log * e <event json>`. */
export const LOG_FIELD = "e";

export function encodeEvent(event: GenerationEvent): string {
  return JSON.stringify(event);
}

export function decodeEvent(payload: string): GenerationEvent {
  return JSON.parse(payload) as GenerationEvent;
}

/** A log entry as XRANGE returns it: [id, [field, payload]]. */
export function decodeLogEntry([id, fields]: [string, string[]]): LoggedEvent | null {
  const at = fields.indexOf(LOG_FIELD);
  const payload = at >= 0 ? fields[at + 1] : undefined;
  return payload ? { id, event: decodeEvent(payload) } : null;
}

/** A live message is "<log id> <event json>", so a subscriber knows where the event sits in the log. */
export function decodeLiveMessage(message: string): LoggedEvent {
  const space = message.indexOf(" ");
  return { id: message.slice(0, space), event: decodeEvent(message.slice(space + 1)) };
}

/** Stop requests travel on the control channel every worker listens to. */
export type StopMessage = { type: "stop"; generationId: string };

export function encodeStopMessage(generationId: string): string {
  return JSON.stringify({ type: "stop", generationId } satisfies StopMessage);
}

export function decodeStopMessage(raw: string): StopMessage | null {
  try {
    const message = JSON.parse(raw) as Partial<StopMessage>;
    return message.type === "stop" && typeof message.generationId === "string"
      ? { type: "stop", generationId: message.generationId }
      : null;
  } catch {
    return null;
  }
}
