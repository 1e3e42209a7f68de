import { describe, expect, it } from "vitest";
import { applyEvent, type UiMessage } from "./message-state";

const base: UiMessage = {
  id: "m1",
  role: "assistant",
  content: "",
  status: "queued",
  error: null,
  outputTokens: null,
  tokensPerSec: null,
  firstTokenMs: null,
  note: null,
};

describe("applyEvent", () => {
  it("appends tokens and finishes with the stored text", () => {
    let m = applyEvent(base, { type: "started", attempt: 1, promptTokens: 5, contextSize: 512 });
    m = applyEvent(m, { type: "token", text: "Hel" });
    m = applyEvent(m, { type: "token", text: "lo" });
    expect(m).toMatchObject({ content: "Hello", status: "generating" });
    m = applyEvent(m, { type: "done", content: "Hello", outputTokens: 2, tokensPerSec: 10, firstTokenMs: 3 });
    expect(m).toMatchObject({ status: "done", tokensPerSec: 10 });
  });

  it("drops a failed attempt's words on retry", () => {
    let m = applyEvent(base, { type: "token", text: "first attempt" });
    m = applyEvent(m, { type: "retrying", attempt: 2, reason: "worker restarted" });
    expect(m.content).toBe("");
    m = applyEvent(m, { type: "started", attempt: 2, promptTokens: 5, contextSize: 512 });
    m = applyEvent(m, { type: "token", text: "second" });
    expect(m.content).toBe("second");
  });

  it("keeps the partial answer and the reason on failure", () => {
    const m = applyEvent(base, { type: "failed", content: "partial", error: "The model failed" });
    expect(m).toMatchObject({ status: "failed", content: "partial", error: "The model failed" });
  });
});
