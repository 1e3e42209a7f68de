// The one way a generation ends: its final state stored in PostgreSQL, then its final event appended to the
// log. Used by the worker, stop, recovery and a failed send alike; the SSE fallback rebuilds the same event.
import "server-only";
import { encodeFailure } from "../i18n/failure";
import { getRedis } from "../redis";
import type { FinalEvent } from "./protocol";
import { type FinalRecord, type StoredGeneration, saveFinal } from "./store";
import { GenerationWriter } from "./writer";

export type { FinalRecord };

/** The final event readers get, from a final record (as stored, or about to be). */
export function finalEvent(
  record: Pick<FinalRecord, "status" | "content" | "error" | "outputTokens" | "tokensPerSec" | "firstTokenMs" | "sources">,
): FinalEvent {
  const content = record.content ?? "";
  if (record.status === "failed") return { type: "failed", content, error: record.error ?? encodeFailure({ key: "answerFailed" }) };
  const stats = {
    outputTokens: record.outputTokens ?? 0,
    tokensPerSec: record.tokensPerSec ?? null,
    firstTokenMs: record.firstTokenMs ?? null,
  };
  // The answer's sources come with its end, so the page shows them without reading the conversation again.
  if (record.status === "done" && record.sources) return { type: "done", content, ...stats, sources: record.sources };
  return { type: record.status, content, ...stats };
}

/** The final event of a generation that already ended, or null while it runs. */
export function storedFinalEvent(generation: StoredGeneration): FinalEvent | null {
  const { status } = generation;
  return status === "done" || status === "stopped" || status === "failed" ? finalEvent({ ...generation, status }) : null;
}

/**
 * Ends a generation. With an attempt, only while that attempt is current (a superseded one can neither store nor
 * announce); without one, only while it is unfinished. False when nothing changed. The writer, when given, is the
 * attempt's own, so the final event follows its token events in order.
 */
export async function finishGeneration(input: {
  generationId: string;
  attempt?: number;
  record: FinalRecord;
  writer?: GenerationWriter;
}): Promise<boolean> {
  if (!(await saveFinal(input.generationId, input.attempt ?? null, input.record))) return false;
  const writer = input.writer ?? new GenerationWriter(getRedis(), input.generationId);
  await writer.finish(finalEvent(input.record));
  return true;
}
