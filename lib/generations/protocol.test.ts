import { describe, expect, it } from "vitest";
import {
  compareStreamIds,
  decodeLiveMessage,
  decodeLogEntry,
  decodeStopMessage,
  encodeEvent,
  encodeStopMessage,
  isFinal,
  isStreamId,
  LOG_FIELD,
} from "./protocol";

describe("stream ids", () => {
  it("orders by time, then sequence, numerically", () => {
    expect(compareStreamIds("1700000000000-0", "1700000000001-0")).toBe(-1);
    expect(compareStreamIds("1700000000000-10", "1700000000000-9")).toBe(1);
    expect(compareStreamIds("99-0", "100-0")).toBe(-1);
    expect(compareStreamIds("5-5", "5-5")).toBe(0);
  });

  it("accepts only well-formed ids from clients", () => {
    expect(isStreamId("1700000000000-3")).toBe(true);
    expect(isStreamId("abc")).toBe(false);
    expect(isStreamId("1-2-3")).toBe(false);
    expect(isStreamId("' OR 1=1")).toBe(false);
  });

  it("knows which events end a generation", () => {
    expect(isFinal({ type: "failed", content: "", error: "x" })).toBe(true);
    expect(isFinal({ type: "token", text: "a", attempt: 1 })).toBe(false);
  });
});

describe("encoding", () => {
  const event = { type: "token", text: "héllo 世界 ", attempt: 2 } as const;

  it("reads back a log entry and a live message as the same event", () => {
    expect(decodeLogEntry(["5-1", [LOG_FIELD, encodeEvent(event)]])).toEqual({ id: "5-1", event });
    expect(decodeLiveMessage(`5-1 ${encodeEvent(event)}`)).toEqual({ id: "5-1", event });
    expect(decodeLogEntry(["5-2", ["other", "x"]])).toBeNull();
  });

  it("reads back a stop message and ignores anything else on the control channel", () => {
    expect(decodeStopMessage(encodeStopMessage("g1"))).toEqual({ type: "stop", generationId: "g1" });
    expect(decodeStopMessage("not json")).toBeNull();
    expect(decodeStopMessage(JSON.stringify({ type: "stop" }))).toBeNull();
  });
});
