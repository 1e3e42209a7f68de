import { describe, expect, it } from "vitest";
import { applyEvent, queueNote, type UiMessage } from "./message-state";

const base: UiMessage = {
  id: "m1",
  parentId: null,
  role: "assistant",
  content: "",
  status: "queued",
  error: null,
  outputTokens: null,
  tokensPerSec: null,
  firstTokenMs: null,
  note: null,
  context: null,
};

describe("applyEvent", () => {
  it("appends tokens and finishes with the stored text", () => {
    let m = applyEvent(base, { type: "started", attempt: 1, promptTokens: 5, contextSize: 512, trimmedTurns: 0 });
    m = applyEvent(m, { type: "token", text: "Hel", attempt: 1 });
    m = applyEvent(m, { type: "token", text: "lo", attempt: 1 });
    expect(m).toMatchObject({ content: "Hello", status: "generating" });
    m = applyEvent(m, { type: "done", content: "Hello", outputTokens: 2, tokensPerSec: 10, firstTokenMs: 3 });
    expect(m).toMatchObject({ status: "done", tokensPerSec: 10 });
  });

  it("drops a failed attempt's words on retry", () => {
    let m = applyEvent(base, { type: "started", attempt: 1, promptTokens: 5, contextSize: 512, trimmedTurns: 0 });
    m = applyEvent(m, { type: "token", text: "first attempt", attempt: 1 });
    m = applyEvent(m, { type: "retrying", attempt: 2, reason: "worker restarted" });
    expect(m.content).toBe("");
    m = applyEvent(m, { type: "started", attempt: 2, promptTokens: 5, contextSize: 512, trimmedTurns: 0 });
    m = applyEvent(m, { type: "token", text: "second", attempt: 2 });
    // A late token of the superseded first attempt is not mixed in.
    m = applyEvent(m, { type: "token", text: " stale", attempt: 1 });
    expect(m.content).toBe("second");
  });

  it("keeps the partial answer and the reason on failure", () => {
    const m = applyEvent(base, { type: "failed", content: "partial", error: "The model failed" });
    expect(m).toMatchObject({ status: "failed", content: "partial", error: "The model failed" });
  });
});

describe("waiting with no worker", () => {
  it("says so instead of a place in line", () => {
    const m = applyEvent(base, { type: "queued", position: null, workersOnline: 0 });
    expect(m.note).toMatch(/No model worker is running/);
    expect(applyEvent(base, { type: "queued", position: 2, workersOnline: 1 }).note).toBe("Waiting in line: #2");
  });
});

describe("queueNote", () => {
  it("tells the place in line and a rough wait", () => {
    expect(queueNote(1, null)).toBe("Next in line");
    expect(queueNote(3, 42)).toBe("Waiting in line: #3 · about 42 s");
    expect(queueNote(5, 150)).toBe("Waiting in line: #5 · about 3 min");
    expect(queueNote(null, null)).toMatch(/Waiting/);
  });

  it("records the context used and the turns left out", () => {
    const m = applyEvent(base, { type: "started", attempt: 1, promptTokens: 900, contextSize: 1024, trimmedTurns: 2 });
    expect(m.context).toEqual({ promptTokens: 900, contextSize: 1024, trimmedTurns: 2 });
  });
});
