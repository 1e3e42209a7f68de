// Timed sends through the whole pipeline: POST a message, follow its SSE stream, timestamp every event.
import { type HearthClient, readEvents, type SseEvent, sendStreaming } from "@/testkit/client";
import { now } from "./clock";
import { expectStatus } from "./expect-status";
import { rateAfterFirst } from "./report";

/** at: performance.now() on arrival; epochAt: Date.now() on arrival, comparable with the ms of the event's Redis id. */
export type TimedEvent = { at: number; epochAt: number; id: string | null; type: string; data: SseEvent["data"] };

/** A send as it left: its ids and when. */
export type Sent = {
  conversationId: string;
  /** The question sent (an edit of it starts a branch from where it stands). */
  userMessageId: string;
  generationId: string;
  /** performance.now() when the POST was started / when its response (headers) arrived. */
  postAt: number;
  postedAt: number;
  /** The send's Server-Timing entries (auth, store, enqueue), in ms. */
  serverTiming: Record<string, number>;
};

export type TimedGeneration = Sent & {
  /** The worker's own waits before the prompt, from the started event. */
  pickupMs: number | null;
  claimMs: number | null;
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
  return rateAfterFirst(g.outputTokens, g.firstTokenAt, g.lastTokenAt);
}

/** Token events after the first ÷ the same time: the event rate the browser sees. */
export function clientEventsPerSec(g: TimedGeneration): number | null {
  return rateAfterFirst(g.tokenEvents, g.firstTokenAt, g.lastTokenAt);
}

/** "auth;dur=1.2, store;dur=0.8" → { auth: 1.2, store: 0.8 } */
function parseServerTiming(header: string | null): Record<string, number> {
  const timing: Record<string, number> = {};
  for (const entry of (header ?? "").split(",")) {
    const [name, ...params] = entry.trim().split(";");
    const dur = params.find((p) => p.trim().startsWith("dur="));
    if (name && dur) timing[name] = Number(dur.trim().slice(4));
  }
  return timing;
}

/** POSTs a message: a new conversation unless conversationId is given. */
export async function post(client: HearthClient, content: string, conversationId?: string): Promise<Sent> {
  const postAt = now();
  const url = conversationId ? `/api/conversations/${conversationId}/messages` : "/api/conversations";
  const data = await expectStatus<{ conversationId?: string; userMessageId: string; generationId: string }>(
    "send",
    client.json(url, { content }),
  );
  return {
    conversationId: data.conversationId ?? conversationId ?? "",
    userMessageId: data.userMessageId,
    generationId: data.generationId,
    postAt,
    postedAt: now(),
    serverTiming: {},
  };
}

/** Follows a sent message's SSE stream to its final event, timestamping every event on arrival. */
export async function follow(client: HearthClient, sent: Sent, onEvent?: (e: TimedEvent) => void): Promise<TimedGeneration> {
  const events: TimedEvent[] = [];
  const streamOpenedAt = now();
  const streamOpenedEpoch = Date.now();
  await readEvents(client, sent.generationId, { onEvent: (e) => events.push(timed(e, onEvent)) });
  return summarize(sent, events, streamOpenedAt, streamOpenedEpoch);
}

function timed(e: SseEvent, onEvent?: (e: TimedEvent) => void): TimedEvent {
  const event = { at: now(), epochAt: Date.now(), id: e.id, type: e.data.type, data: e.data };
  onEvent?.(event);
  return event;
}

function summarize(sent: Sent, events: TimedEvent[], streamOpenedAt: number, streamOpenedEpoch: number): TimedGeneration {
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
  const timings = (started?.data.timings ?? {}) as { pickupMs?: unknown; claimMs?: unknown };
  return {
    ...sent,
    pickupMs: num(timings.pickupMs),
    claimMs: num(timings.claimMs),
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

/** A send answered with its own stream (as the browser sends), to the final event, timed. */
export async function sendTimed(
  client: HearthClient,
  content: string,
  options: { conversationId?: string; editOf?: string; onEvent?: (e: TimedEvent) => void } = {},
): Promise<TimedGeneration> {
  const postAt = now();
  const url = options.conversationId ? `/api/conversations/${options.conversationId}/messages` : "/api/conversations";
  let postedAt = postAt;
  let serverTiming: Record<string, number> = {};
  const events: TimedEvent[] = [];
  const {
    status,
    events: raw,
    error,
  } = await sendStreaming(
    client,
    url,
    { content, editOf: options.editOf },
    {
      onResponse: (response) => {
        postedAt = now();
        serverTiming = parseServerTiming(response.headers.get("server-timing"));
      },
      onEvent: (e) => {
        if (e.data.type !== "sent") events.push(timed(e, options.onEvent));
      },
    },
  );
  const ids = raw[0]?.data;
  if (status !== 201 || ids?.type !== "sent") throw new Error(`send: HTTP ${status} ${error?.message ?? ""}`);
  const sent = {
    conversationId: String(ids.conversationId),
    userMessageId: String(ids.userMessageId),
    generationId: String(ids.generationId),
    postAt,
    postedAt,
    serverTiming,
  };
  return summarize(sent, events, postedAt, Date.now() - (now() - postedAt));
}
