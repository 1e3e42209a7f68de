import { describe, expect, it } from "vitest";
import { capturedCalls, modelResponse, offeredTools } from "./tool-calls";

const tools = [{ name: "a" }, { name: "b", description: "B" }];

describe("tools in the worker", () => {
  it('offers every tool by default, none for "none", the named one alone for a named choice', () => {
    expect(offeredTools(tools, undefined)).toEqual(tools);
    expect(offeredTools(tools, "required")).toEqual(tools);
    expect(offeredTools(tools, "none")).toEqual([]);
    expect(offeredTools(tools, { name: "b" })).toEqual([{ name: "b", description: "B" }]);
    expect(offeredTools(undefined, "auto")).toEqual([]);
  });

  it("turns a turn with calls into the wrapper's model response, results parsed when they are JSON", () => {
    const calls = [
      { id: "c1", name: "a", arguments: '{"x":1}', result: '{"ok":true}' },
      { id: "c2", name: "b", arguments: "{}", result: "plain words" },
    ];
    expect(modelResponse({ role: "assistant", content: 'a({"x":1}) → {"ok":true}\nb({}) → plain words', toolCalls: calls })).toEqual({
      type: "model",
      response: [
        { type: "functionCall", name: "a", params: { x: 1 }, result: { ok: true } },
        { type: "functionCall", name: "b", params: {}, result: "plain words" },
      ],
    });
  });

  it("gives each captured call a fresh id and its arguments as JSON text", () => {
    const [one, two] = capturedCalls([
      { functionName: "a", params: { x: 1 } },
      { functionName: "b", params: undefined },
    ]);
    expect(one).toMatchObject({ name: "a", arguments: '{"x":1}' });
    expect(two).toMatchObject({ name: "b", arguments: "{}" });
    expect(one?.id).toMatch(/^call_[A-Za-z0-9_-]{16}$/);
    expect(one?.id).not.toBe(two?.id);
  });
});
