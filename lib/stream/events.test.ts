import { describe, expect, it } from "vitest";
import { compareStreamIds, isFinal, isStreamId } from "./events";

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
