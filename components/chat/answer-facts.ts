// What the details of an answer say, in plain words: times as the person waited them (measured in the browser from
// Send, so queueing and model loading count), then length and speed.
import type { useTranslations } from "use-intl";
import type { UiMessage } from "./message-state";

export type AnswerTimings = { waitedMs?: number; tookMs?: number };

type MessageTranslator = ReturnType<typeof useTranslations<"message">>;

export function duration(t: MessageTranslator, ms: number): string {
  const s = ms / 1000;
  if (s < 10) return t("secondsShort", { value: Math.round(s * 10) / 10 });
  if (s < 90) return t("seconds", { value: Math.round(s) });
  return t("minutes", { minutes: Math.floor(s / 60), seconds: Math.round(s % 60) });
}

export function answerFacts(t: MessageTranslator, m: UiMessage, timings: AnswerTimings = {}): string[] {
  if (m.status !== "done" && m.status !== "stopped") return [];
  const facts: string[] = [];
  if (m.modelName) facts.push(t("factModel", { name: m.modelName }));
  if (timings.waitedMs !== undefined) facts.push(t("factWaited", { duration: duration(t, timings.waitedMs) }));
  const took = timings.tookMs ?? m.tookMs;
  if (took !== null && took !== undefined) {
    facts.push(t(m.status === "stopped" ? "factStopped" : "factFinished", { duration: duration(t, took) }));
  }
  if (m.outputTokens !== null) facts.push(t("factLength", { count: m.outputTokens }));
  if (m.tokensPerSec !== null) facts.push(t("factSpeed", { speed: m.tokensPerSec }));
  if (m.context?.contextSize) {
    facts.push(t("factMemory", { used: m.context.promptTokens + (m.outputTokens ?? 0), size: m.context.contextSize }));
  }
  return facts;
}
