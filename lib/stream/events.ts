// The token-stream protocol: what the worker writes to a generation's log and the app relays over SSE.

export type GenerationStats = {
  outputTokens: number;
  tokensPerSec: number | null;
  firstTokenMs: number | null;
};

export type FinalEvent =
  | ({ type: "done"; content: string } & GenerationStats)
  | ({ type: "stopped"; content: string } & GenerationStats)
  | { type: "failed"; content: string; error: string };

export type GenerationEvent =
  /** position 1 = next to start; etaSeconds is a rough guess from recent generation times. */
  | { type: "queued"; position: number | null; etaSeconds?: number | null; workersOnline?: number }
  | { type: "loading"; model: string }
  /** trimmedTurns: the oldest turns left out so the conversation fits the context (shown to the user). */
  | { type: "started"; attempt: number; promptTokens: number; contextSize: number; trimmedTurns: number }
  | { type: "token"; text: string; attempt: number }
  | { type: "retrying"; attempt: number; reason: string }
  | FinalEvent;

/** An event as delivered: with the id of its entry in the replay log (a Redis Stream id). */
export type LoggedEvent = { id: string; event: GenerationEvent };

const finalTypes = new Set<GenerationEvent["type"]>(["done", "stopped", "failed"]);

export function isFinal(event: GenerationEvent): event is FinalEvent {
  return finalTypes.has(event.type);
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
