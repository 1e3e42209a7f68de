// What the details of an answer say, in plain words: times as the person waited them (measured in the browser from
// Send, so queueing and model loading count), then length and speed.
import type { UiMessage } from "./message-state";

export type AnswerTimings = { waitedMs?: number; tookMs?: number };

export function seconds(ms: number): string {
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} seconds`;
  if (s < 90) return `${Math.round(s)} seconds`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function answerFacts(m: UiMessage, timings: AnswerTimings = {}): string[] {
  if (m.status !== "done" && m.status !== "stopped") return [];
  const facts: string[] = [];
  if (timings.waitedMs !== undefined) facts.push(`Started writing after ${seconds(timings.waitedMs)}`);
  const took = timings.tookMs ?? m.tookMs;
  if (took !== null && took !== undefined) facts.push(`${m.status === "stopped" ? "Stopped" : "Finished"} after ${seconds(took)}`);
  if (m.outputTokens !== null) facts.push(`Length: ${m.outputTokens.toLocaleString("en")} tokens (a token is a word or part of one)`);
  if (m.tokensPerSec !== null) facts.push(`Speed: ${Math.round(m.tokensPerSec).toLocaleString("en")} tokens a second`);
  if (m.context?.contextSize) {
    const used = m.context.promptTokens + (m.outputTokens ?? 0);
    facts.push(`Conversation memory used: ${used.toLocaleString("en")} of ${m.context.contextSize.toLocaleString("en")} tokens`);
  }
  return facts;
}
