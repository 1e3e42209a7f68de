import { describe, expect, it } from "vitest";
import { snippet, snippetTerms, sourceBlock } from "./sources";

describe("snippet", () => {
  it("shows the part of a passage where the question's terms are", () => {
    const text = `${"Filler about the garage and the roof. ".repeat(10)}The pool pump filter must be cleaned every fourteen days. ${"More filler. ".repeat(10)}`;
    const shown = snippet(text, snippetTerms("How often must the pool pump filter be cleaned?"));
    expect(shown).toContain("pool pump filter must be cleaned");
    expect(shown.startsWith("…")).toBe(true);
  });

  it("finds codes and Chinese as typed", () => {
    expect(snippetTerms("What is ZQ-3391-K?")).toContain("zq-3391-k");
    const text = `${"无关的句子。".repeat(40)}泳池水泵的过滤器每十四天清洗一次。${"无关的句子。".repeat(10)}`;
    expect(snippet(text, snippetTerms("泳池水泵的过滤器多久清洗？"))).toContain("泳池水泵的过滤器");
  });

  it("keeps a short passage whole", () => {
    expect(snippet("Short  text.", ["x"])).toBe("Short text.");
  });
});

describe("sourceBlock", () => {
  it("names a collection's file with its collection, a member's own file alone", () => {
    expect(sourceBlock({ number: 2, name: "boiler.pdf", page: 3, collection: "House manuals" }, " Bleed it. ")).toBe(
      "[2] (House manuals: boiler.pdf, page 3)\nBleed it.",
    );
    expect(sourceBlock({ number: 1, name: "notes.txt", page: null }, "Mine.")).toBe("[1] (notes.txt)\nMine.");
  });
});
