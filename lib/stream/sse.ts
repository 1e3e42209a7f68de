// Relays a generation to one browser as Server-Sent Events: replay after Last-Event-ID, then live.
import { getRedis } from "../redis";
import type { GenerationEvent } from "./events";
import { isStreamId } from "./events";
import { getHub } from "./hub";
import { followGeneration, logExists } from "./reader";

const KEEPALIVE_MS = 15_000;

export function encodeEvent(event: GenerationEvent, id?: string): string {
  return `${id ? `id: ${id}\n` : ""}data: ${JSON.stringify(event)}\n\n`;
}

type StoredMessage = { id: string; status: string; content: string; error: string | null } & {
  outputTokens: number | null;
  tokensPerSec: number | null;
  firstTokenMs: number | null;
};

/** The final event rebuilt from PostgreSQL, for a finished generation whose log has expired. */
export function storedFinalEvent(message: StoredMessage): GenerationEvent | null {
  const stats = { outputTokens: message.outputTokens ?? 0, tokensPerSec: message.tokensPerSec, firstTokenMs: message.firstTokenMs };
  if (message.status === "done" || message.status === "stopped") return { type: message.status, content: message.content, ...stats };
  if (message.status === "failed") return { type: "failed", content: message.content, error: message.error ?? "The answer failed." };
  return null;
}

export async function generationEventStream(message: StoredMessage, lastEventId: string | null, signal: AbortSignal): Promise<Response> {
  const redis = getRedis();
  const encoder = new TextEncoder();
  const afterId = lastEventId && isStreamId(lastEventId) ? lastEventId : undefined;
  const stored = storedFinalEvent(message);
  const hasLog = await logExists(redis, message.id);

  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(keepalive);
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

      if (stored && !hasLog) {
        controller.enqueue(encoder.encode(encodeEvent(stored)));
        close();
        return;
      }
      controller.enqueue(encoder.encode("retry: 1000\n\n"));
      try {
        follower = await followGeneration({
          redis,
          hub: getHub(),
          messageId: message.id,
          afterId,
          onEvent: ({ id, event }) => {
            if (closed) return;
            controller.enqueue(encoder.encode(encodeEvent(event, id)));
            if (event.type === "done" || event.type === "stopped" || event.type === "failed") close();
          },
        });
      } catch (error) {
        // Redis unreachable: end this stream; the browser reconnects with its Last-Event-ID and resumes.
        console.warn(`[sse] ${message.id}: ${(error as Error).message}`);
        close();
        return;
      }
      if (closed) follower.stop();
    },
  });

  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
