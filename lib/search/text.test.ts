import { describe, expect, it } from "vitest";
import { highlightPattern, queryParts, snippetOf } from "./text";

describe("queryParts", () => {
  it("splits English words from Chinese runs, and Chinese runs into pairs", () => {
    expect(queryParts("running 今天天气")).toEqual({ words: "running", cjkRuns: ["今天天气"], cjkPairs: "今天 天天 天气" });
    expect(queryParts("天气")).toEqual({ words: "", cjkRuns: ["天气"], cjkPairs: "天气" });
  });
  it("drops a lone Chinese character (two or more are needed)", () => {
    expect(queryParts("好")).toEqual({ words: "", cjkRuns: [], cjkPairs: "" });
  });
});

describe("snippetOf", () => {
  it("cuts a window around the first match and marks every match in it", () => {
    const text = `${"filler words here. ".repeat(20)}She runs every morning, and running keeps her well. ${"more filler. ".repeat(20)}`;
    const { snippet, highlights } = snippetOf(text, highlightPattern(["run"], []));
    expect(snippet.startsWith("…")).toBe(true);
    expect(snippet.endsWith("…")).toBe(true);
    expect(highlights.map(([a, b]) => snippet.slice(a, b))).toEqual(["runs", "running"]);
  });
  it("marks Chinese as typed and treats regex characters in the query as text", () => {
    const { snippet, highlights } = snippetOf("今天天气很好 (a+b)", highlightPattern([], ["天气"]));
    expect(highlights.map(([a, b]) => snippet.slice(a, b))).toEqual(["天气"]);
    expect(() => highlightPattern(["a+b("], [])).not.toThrow();
  });
  it("does not take a stem inside another word", () => {
    const { snippet, highlights } = snippetOf("a brunch, then a run", highlightPattern(["run"], []));
    expect(highlights.map(([a, b]) => snippet.slice(a, b))).toEqual(["run"]);
  });
});
