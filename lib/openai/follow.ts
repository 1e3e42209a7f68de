// Follows one generation for a /v1 caller: its text as it comes, then its end as stored in PostgreSQL.
// A caller that goes away stops the generation through the same stop path as the web's Stop button.
import "server-only";
import { getDb } from "../db";
import { AppError } from "../errors";
import { getFanout } from "../generations/fanout";
import { isFinal } from "../generations/protocol";
import { followGeneration } from "../generations/reader";
import { stopGeneration } from "../generations/stop";
import { readGenerationState } from "../generations/store";
import { readToolCalls, type ToolCall, textOf } from "../generations/tool-calls";
import type { ErrorKey } from "../i18n/config";
import { decodeFailure } from "../i18n/failure";
import { getLogger } from "../log";
import { getRedis } from "../redis";

/** Same reason as FINAL_CHECK_MS in lib/generations/sse.ts: PostgreSQL has the last word if the log never ends. */
const FINAL_CHECK_MS = 3_000;

export type EndedGeneration = {
  status: "done" | "stopped" | "failed";
  content: string;
  error: string | null;
  promptTokens: number;
  outputTokens: number;
  finishReason: "stop" | "length" | "tool_calls";
  /** The functions the model called, for the caller to run. */
  toolCalls?: ToolCall[];
};

async function readEnded(generationId: string): Promise<EndedGeneration | null> {
  const row = await getDb().message.findUnique({
    where: { id: generationId },
    select: { status: true, content: true, error: true, promptTokens: true, outputTokens: true, finishReason: true, toolCalls: true },
  });
  if (!row || (row.status !== "done" && row.status !== "stopped" && row.status !== "failed")) return null;
  const toolCalls = row.finishReason === "tool_calls" ? readToolCalls(row.toolCalls) : undefined;
  return {
    status: row.status,
    // The stored text reads the calls out for the chat page; the caller gets them as tool_calls instead.
    content: textOf(row.content, toolCalls),
    ...(toolCalls ? { toolCalls } : {}),
    error: row.error,
    promptTokens: row.promptTokens ?? 0,
    outputTokens: row.outputTokens ?? 0,
    finishReason: toolCalls ? "tool_calls" : row.finishReason === "length" ? "length" : "stop",
  };
}

/** Stops the generation (queued: taken off the queue; running: aborted by its worker, partial text kept). */
export async function stopForCaller(generationId: string, userId: string): Promise<void> {
  const state = await readGenerationState(generationId);
  if (state) await stopGeneration(state, userId);
}

const LIMIT_KEYS = new Set(["childOutsideHours", "childModelNotAllowed", "childBudgetUsed"]);

/** Failures that are the request's own doing: another try would fail the same way. */
const REQUEST_KEYS = new Set(["jsonSchemaUnsupported", "promptTooLong"]);

/** A failed generation as the error a /v1 caller gets: a child's limit 403, the request's fault 400, else 503. */
export function failureError(stored: string | null): AppError {
  const failure = stored ? decodeFailure(stored) : null;
  const key = (failure?.key ?? "answerFailed") as ErrorKey;
  const code = LIMIT_KEYS.has(key) ? "limit_reached" : REQUEST_KEYS.has(key) ? "bad_request" : "unavailable";
  return new AppError(code, key, failure?.values ?? {});
}

/**
 * Delivers the generation's text (each piece once, even across a retried attempt) until it ends; resolves
 * with the stored end. When `signal` aborts, the generation is stopped and the promise resolves with null.
 */
export function followToEnd(input: { generationId: string; userId: string; signal: AbortSignal; onText: (text: string) => void }) {
  const { generationId, userId, signal, onText } = input;
  return new Promise<EndedGeneration | null>((resolve, reject) => {
    let sent = "";
    let current = { attempt: 0, text: "" };
    let follower: Awaited<ReturnType<typeof followGeneration>> | undefined;
    let settled = false;
    const cleanup = () => {
      settled = true;
      clearInterval(finalCheck);
      signal.removeEventListener("abort", onAbort);
      follower?.stop();
    };
    const end = () => {
      if (settled) return;
      cleanup();
      readEnded(generationId).then((ended) => {
        // Ended by the database check before the last pieces arrived: the stored text has them.
        if (ended && ended.content.length > sent.length && ended.content.startsWith(sent)) onText(ended.content.slice(sent.length));
        resolve(ended);
      }, reject);
    };
    const fail = (error: unknown) => {
      if (settled) return;
      cleanup();
      reject(error);
    };
    const onAbort = () => {
      if (settled) return;
      cleanup();
      resolve(null);
      void stopForCaller(generationId, userId).catch((error) =>
        getLogger().warn({ generationId, err: error }, "/v1: stopping the generation failed"),
      );
    };
    // A retried attempt starts its text again: only what goes beyond what the caller already has is new.
    const onToken = (attempt: number, text: string) => {
      if (attempt !== current.attempt) current = { attempt, text: "" };
      current.text += text;
      if (current.text.length <= sent.length) {
        if (!sent.startsWith(current.text)) fail(new AppError("unavailable", "apiAnswerRestarted"));
        return;
      }
      if (!current.text.startsWith(sent)) return fail(new AppError("unavailable", "apiAnswerRestarted"));
      const fresh = current.text.slice(sent.length);
      sent = current.text;
      onText(fresh);
    };
    // Final on two checks in a row: one alone could race the final event on its way.
    let seenFinal = false;
    const finalCheck = setInterval(() => {
      void readEnded(generationId)
        .then((ended) => {
          if (ended && seenFinal) end();
          seenFinal = ended !== null;
        })
        .catch(() => {});
    }, FINAL_CHECK_MS);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    followGeneration({
      redis: getRedis(),
      fanout: getFanout(),
      generationId,
      onEvent: ({ event }) => {
        if (settled) return;
        if (event.type === "token") onToken(event.attempt, event.text);
        else if (isFinal(event)) end();
      },
    }).then((f) => {
      follower = f;
      if (settled) f.stop();
    }, fail);
  });
}
