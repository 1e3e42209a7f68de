// Server-Sent Event frames, written and read in one place: the web writes them (sse.ts), the browser reads
// them from a fetch body (EventSource cannot POST, and a send answers with its generation's stream), and
// so do the tests. Browser-safe: nothing imported at run time.
import type { GenerationEvent, SentEvent } from "./protocol";

export type EventFrame = { id: string | null; data: string };

/** One frame: the id (a replay-log position) lets a client resume after it; none for the `sent` event. */
export function sseFrame(event: GenerationEvent | SentEvent, id?: string): string {
  return `${id ? `id: ${id}\n` : ""}data: ${JSON.stringify(event)}\n\n`;
}

/** Splits SSE text into frames; returns the frames and the unfinished rest. Pure, so it is unit-tested. */
export function parseFrames(buffer: string): { frames: EventFrame[]; rest: string } {
  const frames: EventFrame[] = [];
  let rest = buffer;
  for (let end = rest.indexOf("\n\n"); end >= 0; end = rest.indexOf("\n\n")) {
    const block = rest.slice(0, end);
    rest = rest.slice(end + 2);
    let id: string | null = null;
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("id:")) id = line.slice(3).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
    }
    if (data.length) frames.push({ id, data: data.join("\n") });
  }
  return { frames, rest };
}

/** Calls onFrame for each frame until the body ends or the callback returns "stop". */
export async function readEventStream(body: ReadableStream<Uint8Array>, onFrame: (frame: EventFrame) => "stop" | undefined): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const parsed = parseFrames(buffer + decoder.decode(value, { stream: true }));
      buffer = parsed.rest;
      for (const frame of parsed.frames) if (onFrame(frame) === "stop") return;
    }
  } finally {
    void reader.cancel().catch(() => {});
  }
}
