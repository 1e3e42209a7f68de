// Relays a generation to one browser as Server-Sent Events: replay after Last-Event-ID, then live.
import "server-only";
import { getRedis } from "../redis";
import type { ServerTiming } from "../server-timing";
import { storedFinalEvent } from "./finish";
import { getHub } from "./hub";
import { type GenerationEvent, isFinal, isStreamId, type SentEvent } from "./protocol";
import { followGeneration, logExists } from "./reader";
import { readGenerationState, type StoredGeneration } from "./store";

const KEEPALIVE_MS = 15_000;
/**
 * How often a live stream asks PostgreSQL whether its generation ended. A worker killed between storing the answer
 * and logging its final event leaves a log that never ends; the database has the last word.
 */
const FINAL_CHECK_MS = 3_000;

function sseFrame(event: GenerationEvent | SentEvent, id?: string): string {
  return `${id ? `id: ${id}\n` : ""}data: ${JSON.stringify(event)}\n\n`;
}

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

type StreamOptions = {
  generation: StoredGeneration;
  lastEventId: string | null;
  signal: AbortSignal;
  /** Sent first, without an id: the ids a send created. */
  sent?: SentEvent;
  status?: number;
  headers?: Record<string, string>;
};

export async function generationEventStream({
  generation,
  lastEventId,
  signal,
  sent,
  status = 200,
  headers,
}: StreamOptions): Promise<Response> {
  const redis = getRedis();
  const encoder = new TextEncoder();
  const afterId = lastEventId && isStreamId(lastEventId) ? lastEventId : undefined;
  const stored = storedFinalEvent(generation);
  // A fresh generation surely has a log (its queued event was written before it was queued).
  const hasLog = sent ? true : await logExists(redis, generation.id);

  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(keepalive);
        clearInterval(finalCheck);
        follower?.stop();
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      };
      const keepalive = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(": keepalive\n\n"));
      }, KEEPALIVE_MS);
      signal.addEventListener("abort", close);
      let follower: Awaited<ReturnType<typeof followGeneration>> | undefined;
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

      if (sent) controller.enqueue(encoder.encode(sseFrame(sent)));
      if (stored && !hasLog) return endWith(stored);
      controller.enqueue(encoder.encode("retry: 1000\n\n"));
      try {
        follower = await followGeneration({
          redis,
          hub: getHub(),
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
        console.warn(`[sse] generation ${generation.id}: ${(error as Error).message}`);
        close();
        return;
      }
      if (closed) follower.stop();
      // Stored as final, but the log replayed without its final event: it will never come.
      else if (stored && !follower.ended) endWith(stored);
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
) {
  const headers = { "Server-Timing": timing.header() };
  if (!wantsEventStream(request)) return Promise.resolve(Response.json(started, { status: 201, headers }));
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
    signal: request.signal,
    sent: { type: "sent", ...started },
    status: 201,
    headers,
  });
}
