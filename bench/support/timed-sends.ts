// Timed sends through the whole pipeline: POST a message, follow its SSE stream, timestamp every event.
import { type HearthClient, readEvents, type SseEvent } from "../../tests/support/client";
import { now } from "./clock";
import { expectStatus } from "./expect-status";

/** at: performance.now() on arrival; epochAt: Date.now() on arrival, comparable with the ms of the event's Redis id. */
export type TimedEvent = { at: number; epochAt: number; id: string | null; type: string; data: SseEvent["data"] };

export type TimedGeneration = {
  conversationId: string;
  generationId: string;
  /** performance.now() when the POST was started / when its response arrived. */
  postAt: number;
  postedAt: number;
  /** When the events request was opened (right after the POST returned). */
  streamOpenedAt: number;
  /**
   * The first token was written to Redis before the events request was even sent, so it reached the client from
   * the replay log, possibly in one burst with the tokens after it: such a run says nothing about live token rate.
   */
  firstTokenReplayed: boolean;
  /** Per token event: arrival at the client minus its Redis XADD time (ms; same machine, same clock). */
  tokenLagMs: number[];
  startedAt: number | null;
  firstTokenAt: number | null;
  lastTokenAt: number | null;
  finalAt: number;
  finalType: string;
  tokenEvents: number;
  /** outputTokens from the final event (the worker's count), or the token-event count when absent. */
  outputTokens: number;
  text: string;
  /** The worker's own numbers from the final event. */
  workerFirstTokenMs: number | null;
  workerTokensPerSec: number | null;
  /** Redis Stream ids (server clock) of the queued and started events: comparable across generations. */
  queuedId: string | null;
  startedId: string | null;
  events: TimedEvent[];
};

/** From POST start to the first token event, in ms. */
export function ttftMs(g: TimedGeneration): number | null {
  return g.firstTokenAt === null ? null : g.firstTokenAt - g.postAt;
}

/**
 * Tokens after the first ÷ time from the first to the last token event, at the client. The worker may batch
 * several tokens into one token event (lib/generations/writer.ts TEXT_BATCH_MS), so tokens are counted with the final
 * event's outputTokens, less the one token the first token event carries (the writer sends the first at once);
 * with one event per token this equals token events after the first ÷ the same time.
 */
export function clientTokensPerSec(g: TimedGeneration): number | null {
  if (g.firstTokenAt === null || g.lastTokenAt === null || g.outputTokens < 2 || g.lastTokenAt <= g.firstTokenAt) return null;
  return (g.outputTokens - 1) / ((g.lastTokenAt - g.firstTokenAt) / 1000);
}

/** Token events after the first ÷ the same time: the event rate the browser sees. */
export function clientEventsPerSec(g: TimedGeneration): number | null {
  if (g.firstTokenAt === null || g.lastTokenAt === null || g.tokenEvents < 2 || g.lastTokenAt <= g.firstTokenAt) return null;
  return (g.tokenEvents - 1) / ((g.lastTokenAt - g.firstTokenAt) / 1000);
}

export type Sent = { conversationId: string; generationId: string; postAt: number; postedAt: number };

/** POSTs a message: a new conversation unless conversationId is given. */
export async function post(client: HearthClient, content: string, conversationId?: string): Promise<Sent> {
  const postAt = now();
  const url = conversationId ? `/api/conversations/${conversationId}/messages` : "/api/conversations";
  const data = await expectStatus<{ conversationId?: string; generationId: string }>("send", client.json(url, { content }));
  return {
    conversationId: data.conversationId ?? conversationId ?? "",
    generationId: data.generationId,
    postAt,
    postedAt: now(),
  };
}

/** Follows a sent message's SSE stream to its final event, timestamping every event on arrival. */
export async function follow(client: HearthClient, sent: Sent, onEvent?: (e: TimedEvent) => void): Promise<TimedGeneration> {
  const events: TimedEvent[] = [];
  const streamOpenedAt = now();
  const streamOpenedEpoch = Date.now();
  await readEvents(client, sent.generationId, {
    onEvent: (e) => {
      const timed = { at: now(), epochAt: Date.now(), id: e.id, type: e.data.type, data: e.data };
      events.push(timed);
      onEvent?.(timed);
    },
  });
  const final = events.at(-1);
  if (!final || !["done", "stopped", "failed"].includes(final.type))
    throw new Error(`generation ${sent.generationId} ended without a final event`);
  if (final.type === "failed") throw new Error(`generation failed: ${String(final.data.error)}`);
  // A retried attempt restarts the text: count only the last attempt's tokens.
  const lastStart = events.findLastIndex((e) => e.type === "started");
  const attemptEvents = lastStart >= 0 ? events.slice(lastStart) : events;
  const tokens = attemptEvents.filter((e) => e.type === "token");
  const started = lastStart >= 0 ? events[lastStart] : undefined;
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  return {
    conversationId: sent.conversationId,
    generationId: sent.generationId,
    postAt: sent.postAt,
    postedAt: sent.postedAt,
    streamOpenedAt,
    firstTokenReplayed: tokens[0]?.id ? streamIdMs(tokens[0].id) < streamOpenedEpoch : false,
    tokenLagMs: tokens.filter((e) => e.id).map((e) => e.epochAt - streamIdMs(e.id as string)),
    startedAt: started?.at ?? null,
    firstTokenAt: tokens[0]?.at ?? null,
    lastTokenAt: tokens.at(-1)?.at ?? null,
    finalAt: final.at,
    finalType: final.type,
    tokenEvents: tokens.length,
    outputTokens: num(final.data.outputTokens) ?? tokens.length,
    text: tokens.map((e) => String(e.data.text)).join(""),
    workerFirstTokenMs: num(final.data.firstTokenMs),
    workerTokensPerSec: num(final.data.tokensPerSec),
    queuedId: events.find((e) => e.type === "queued")?.id ?? null,
    startedId: started?.id ?? null,
    events,
  };
}

/** The server clock (ms since the epoch) in a Redis Stream id "ms-seq". */
export function streamIdMs(id: string): number {
  return Number(id.split("-")[0]);
}

/** POST → SSE to the final event, timed. */
export async function sendTimed(
  client: HearthClient,
  content: string,
  options: { conversationId?: string; onEvent?: (e: TimedEvent) => void } = {},
) {
  const sent = await post(client, content, options.conversationId);
  return follow(client, sent, options.onEvent);
}
