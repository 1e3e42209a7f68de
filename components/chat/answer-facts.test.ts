import { createTranslator } from "use-intl";
import { describe, expect, it } from "vitest";
import en from "@/lib/i18n/messages/en.json";
import { answerFacts, duration } from "./answer-facts";
import { newUiMessage, type UiMessage } from "./message-state";

const answer: UiMessage = {
  ...newUiMessage({ id: "a", parentId: null, role: "assistant", content: "Hi", status: "done" }),
  outputTokens: 362,
  tokensPerSec: 132.7,
  firstTokenMs: 86,
  context: { promptTokens: 35, contextSize: 2048, trimmedTurns: 0 },
  tookMs: 9000,
};

const t = createTranslator({ locale: "en", messages: en, namespace: "message" });

describe("answerFacts", () => {
  it("says what the person waited, measured from Send, before length and speed, without jargon", () => {
    expect(answerFacts(t, answer, { waitedMs: 1340, tookMs: 4200 })).toEqual([
      "Started writing after 1.3 seconds",
      "Finished after 4.2 seconds",
      "Length: 362 tokens (a token is a word or part of one)",
      "Speed: 133 tokens a second",
      "Conversation memory used: 397 of 2,048 tokens",
    ]);
  });

  it("falls back to the stored send-to-finish time and never shows the worker-side first-token time", () => {
    const facts = answerFacts(t, { ...answer, status: "stopped" });
    expect(facts[0]).toBe("Stopped after 9.0 seconds");
    expect(facts.join(" ")).not.toMatch(/86|first token|tok\/s/);
  });

  it("has nothing to say while the answer is still coming", () => {
    expect(answerFacts(t, { ...answer, status: "generating" })).toEqual([]);
  });

  it("writes long waits in minutes", () => {
    expect(duration(t, 125_000)).toBe("2 min 5 s");
    expect(duration(t, 42_400)).toBe("42 seconds");
  });
});
