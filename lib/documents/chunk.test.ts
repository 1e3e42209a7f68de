import { describe, expect, it } from "vitest";
import { CHUNK_CHARS, chunkPages, wholeText } from "./chunk";

describe("chunkPages", () => {
  it("cuts long English text at sentence ends, near the size, with overlap, keeping pages", () => {
    const page1 = Array.from({ length: 30 }, (_, i) => `Sentence number ${i} talks about the boiler.`).join(" ");
    const page2 = Array.from({ length: 30 }, (_, i) => `Line ${i} of page two mentions the warranty.`).join(" ");
    const chunks = chunkPages([
      { page: 1, text: page1 },
      { page: 2, text: page2 },
    ]);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(CHUNK_CHARS + 50);
    expect(chunks[0]?.page).toBe(1);
    expect(chunks.at(-1)?.page).toBe(2);
    expect(chunks.every((c) => /[.]$/.test(c.text))).toBe(true);
    const [first, second] = chunks;
    const lastSentence = first?.text.split(/(?<=\.) /).at(-1) ?? "";
    expect(lastSentence.length).toBeGreaterThan(10);
    expect(second?.text.slice(0, 200)).toContain(lastSentence);
    expect(chunks.map((c) => c.ordinal)).toEqual(chunks.map((_, i) => i));
    expect(wholeText(chunks)).toBe(`${page1} ${page2}`);
  });

  it("cuts Chinese, which has no spaces, at 。！？； and joins it without spaces", () => {
    const text = Array.from({ length: 80 }, (_, i) => `这是第${i}句话，说明锅炉的保修期限。`).join("");
    const chunks = chunkPages([{ page: null, text }]);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(CHUNK_CHARS);
      expect(chunk.text.endsWith("。")).toBe(true);
      expect(chunk.text).not.toContain(" ");
    }
    expect(wholeText(chunks)).toBe(text);
  });

  it("cuts a run without any sentence end at the size, and leaves nothing out", () => {
    const text = "x".repeat(2000);
    const chunks = chunkPages([{ page: 3, text }]);
    expect(chunks.map((c) => c.text).join("")).toContain("x".repeat(800));
    expect(chunks.every((c) => c.page === 3)).toBe(true);
  });

  it("gives an empty text no passages", () => {
    expect(chunkPages([{ page: 1, text: "  \n " }])).toEqual([]);
  });
});
