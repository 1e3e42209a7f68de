// Relays a generation to one browser as Server-Sent Events: replay after Last-Event-ID, then live.
import "server-only";
import type { Redis } from "ioredis";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { getLogger } from "../log";
import { getRedis } from "../redis";
import type { ServerTiming } from "../server-timing";
import { getFanout } from "./fanout";
import { storedFinalEvent } from "./finish";
import { compareStreamIds, type GenerationEvent, isFinal, isStreamId, type SentEvent } from "./protocol";
import { followGeneration, logExists } from "./reader";
import { generationKeys } from "./redis-keys";
import { sseFrame } from "./sse-frames";
import { readGenerationState, type StoredGeneration } from "./store";
import { watchWorkers } from "./worker-watch";

const KEEPALIVE_MS = 15_000;
/**
 * How often a live stream asks PostgreSQL whether its generation ended. A worker killed between storing the answer
 * and logging its final event leaves a log that never ends; the database has the last word.
 */
const FINAL_CHECK_MS = 3_000;

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
} as const;

/** True when the client asked for the answer as an event stream (a send that answers with its stream). */
export function wantsEventStream(request: Request): boolean {
  return request.headers.get("accept")?.includes("text/event-stream") ?? false;
}

/** The headers of an event stream without opening one (HEAD): no subscription, nothing to clean up. */
export function generationEventHead(): Response {
  return new Response(null, { headers: SSE_HEADERS });
}

const openStreams = new Map<string, number>();

/**
 * A send that answers with its event stream takes its place among the member's streams before anything is
 * stored: past the cap it is refused (429) with nothing queued. Null when the send answers with JSON.
 */
export function admitSendStream(request: Request, userId: string): (() => void) | null {
  return wantsEventStream(request) ? admitStream(userId) : null;
}

/** Counts a member's open event streams in this process; refuses past HEARTH_SSE_PER_USER. */
function admitStream(userId: string | undefined): () => void {
  if (!userId) return () => {};
  const open = openStreams.get(userId) ?? 0;
  if (open >= getEnv().HEARTH_SSE_PER_USER) {
    throw new AppError("rate_limited", "tooManyStreams");
  }
  openStreams.set(userId, open + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (openStreams.get(userId) ?? 1) - 1;
    if (left > 0) openStreams.set(userId, left);
    else openStreams.delete(userId);
  };
}

/** An `after` id past the end of the log (or with no log yet) cannot be a place the client has seen: ignored. */
async function usableAfterId(redis: Redis, generationId: string, lastEventId: string | null): Promise<string | undefined> {
  if (!lastEventId || !isStreamId(lastEventId)) return undefined;
  const newest = (await redis.xrevrange(generationKeys.log(generationId), "+", "-", "COUNT", 1)) as [string, string[]][];
  const newestId = newest[0]?.[0];
  return newestId && compareStreamIds(lastEventId, newestId) <= 0 ? lastEventId : undefined;
}

type StreamOptions = {
  generation: StoredGeneration;
  lastEventId: string | null;
  signal: AbortSignal;
  /** Whose stream: counted against HEARTH_SSE_PER_USER. */
  userId?: string;
  /** The place a send took among its member's streams (admitSendStream), given back when the stream ends. */
  admitted?: () => void;
  /** Re-checked with every keepalive: a session ended meanwhile (disabled, signed out everywhere) closes the stream. */
  stillAuthorized?: () => Promise<boolean>;
  /** Sent first, without an id: the ids a send created. */
  sent?: SentEvent;
  status?: number;
  headers?: Record<string, string>;
};

export async function generationEventStream(options: StreamOptions): Promise<Response> {
  const { generation, lastEventId, signal, sent, status = 200, headers, userId, stillAuthorized } = options;
  if (signal.aborted) {
    options.admitted?.();
    return new Response(null, { status: 499 });
  }
  const release = options.admitted ?? admitStream(userId);
  const redis = getRedis();
  const encoder = new TextEncoder();
  const stored = storedFinalEvent(generation);
  let afterId: string | undefined;
  let hasLog: boolean;
  try {
    // A fresh generation surely has a log (its queued event was written before it was queued).
    [afterId, hasLog] = await Promise.all([
      usableAfterId(redis, generation.id, lastEventId),
      sent ? Promise.resolve(true) : logExists(redis, generation.id),
    ]);
  } catch (error) {
    release();
    throw error;
  }
  let close = () => {};

  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let follower: Awaited<ReturnType<typeof followGeneration>> | undefined;
      let stopWatching = () => {};
      close = () => {
        if (closed) return;
        closed = true;
        clearInterval(keepalive);
        clearTimeout(lifetime);
        signal.removeEventListener("abort", close);
        clearInterval(finalCheck);
        stopWatching();
        follower?.stop();
        release();
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      };
      const keepalive = setInterval(() => {
        if (closed) return;
        controller.enqueue(encoder.encode(": keepalive\n\n"));
        if (stillAuthorized) void stillAuthorized().then((ok) => ok || close(), close);
      }, KEEPALIVE_MS);
      // Bounded life: the browser reconnects with its Last-Event-ID and resumes where it was.
      const lifetime = setTimeout(() => close(), getEnv().HEARTH_SSE_MAX_SECONDS * 1000);
      signal.addEventListener("abort", close);
      const endWith = (final: GenerationEvent) => {
        if (closed) return;
        controller.enqueue(encoder.encode(sseFrame(final)));
        close();
      };
      // Final in PostgreSQL on two checks in a row while the log stays silent: the worker died before logging
      // its final event (one check alone could race the event that is on its way).
      let seenFinal = false;
      const finalCheck = setInterval(() => {
        if (closed) return;
        void readGenerationState(generation.id)
          .then((latest) => {
            const final = latest ? storedFinalEvent(latest) : null;
            if (final && seenFinal) endWith(final);
            seenFinal = final !== null;
          })
          .catch(() => {});
      }, FINAL_CHECK_MS);
      if (signal.aborted) return close();

      if (sent) controller.enqueue(encoder.encode(sseFrame(sent)));
      if (stored && !hasLog) return endWith(stored);
      controller.enqueue(encoder.encode("retry: 1000\n\n"));
      // Not part of the log (no id): it is about now, and a reader attaching later gets its own.
      stopWatching = watchWorkers(redis, (responding) => {
        if (!closed) controller.enqueue(encoder.encode(sseFrame({ type: "server", responding })));
      });
      try {
        follower = await followGeneration({
          redis,
          fanout: getFanout(),
          generationId: generation.id,
          afterId,
          onEvent: ({ id, event }) => {
            if (closed) return;
            controller.enqueue(encoder.encode(sseFrame(event, id)));
            if (isFinal(event)) close();
          },
        });
      } catch (error) {
        // Redis unreachable: end this stream; the browser reconnects with its Last-Event-ID and resumes.
        getLogger().warn({ generationId: generation.id, error: (error as Error).message }, "event stream failed");
        close();
        return;
      }
      if (closed) follower.stop();
      // Stored as final, but the log replayed without its final event: it will never come.
      else if (stored && !follower.ended) endWith(stored);
    },
    cancel() {
      close();
    },
  });

  return new Response(body, { status, headers: { ...SSE_HEADERS, ...headers } });
}

/**
 * The answer to a send: the new generation's event stream when the client asked for one (first event: the ids),
 * else the ids as JSON. Either way 201.
 */
export function startedGenerationResponse(
  request: Request,
  started: { conversationId: string; userMessageId: string; generationId: string },
  timing: ServerTiming,
  signal: AbortSignal = request.signal,
  admitted: (() => void) | null = null,
) {
  const headers = { "Server-Timing": timing.header() };
  if (!wantsEventStream(request)) {
    admitted?.();
    return Promise.resolve(Response.json(started, { status: 201, headers }));
  }
  const fresh: StoredGeneration = {
    id: started.generationId,
    status: "queued",
    content: "",
    error: null,
    outputTokens: null,
    tokensPerSec: null,
    firstTokenMs: null,
  };
  return generationEventStream({
    generation: fresh,
    lastEventId: null,
    signal,
    sent: { type: "sent", ...started },
    status: 201,
    headers,
    admitted: admitted ?? undefined,
  });
}
