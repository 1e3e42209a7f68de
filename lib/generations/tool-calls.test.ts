import { describe, expect, it } from "vitest";
import { readToolCalls, textOf, withCalls } from "./tool-calls";

const call = { id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' };

describe("a message with function calls", () => {
  it("reads as its text, then one line per call (with the result when there is one), and gives its own text back", () => {
    const calls = [call, { ...call, id: "call_2", result: "21" }];
    const content = withCalls("Let me look.", calls);
    expect(content).toBe('Let me look.\n\nget_weather({"city":"Paris"})\nget_weather({"city":"Paris"}) → 21');
    expect(textOf(content, calls)).toBe("Let me look.");
    expect(textOf(withCalls("", calls), calls)).toBe("");
    expect(textOf("plain", undefined)).toBe("plain");
  });

  it("reads stored calls only when they have the right shape", () => {
    expect(readToolCalls([call])).toEqual([call]);
    expect(readToolCalls([])).toBeUndefined();
    expect(readToolCalls([{ id: "x" }])).toBeUndefined();
    expect(readToolCalls(null)).toBeUndefined();
  });
});
