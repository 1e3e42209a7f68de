import { describe, expect, it } from "vitest";
import { cleanTitle, TITLE_MAX_CHARS, titlePrompt } from "./text";

describe("cleanTitle", () => {
  it("keeps the first line, without quotes, label or end punctuation", () => {
    expect(cleanTitle('  "Baking sourdough bread."\nHere is why')).toBe("Baking sourdough bread");
    expect(cleanTitle("\n\nTitle: **Fixing a leaky tap!**")).toBe("Fixing a leaky tap");
    expect(cleanTitle("「如何烤面包」。")).toBe("如何烤面包");
    expect(cleanTitle("标题：学习法语")).toBe("学习法语");
  });

  it("caps the length and keeps it one line of plain characters", () => {
    const long = cleanTitle("word ".repeat(40)) as string;
    expect(long.length).toBeLessThanOrEqual(TITLE_MAX_CHARS);
    expect(long.endsWith("…")).toBe(true);
    expect(cleanTitle("a\u0000b\u200Bc\td")).toBe("abc d");
  });

  it("leaves markup as text and gives null when nothing is left", () => {
    expect(cleanTitle("<b>Bold</b> idea")).toBe("<b>Bold</b> idea");
    expect(cleanTitle('  "" \n ...')).toBeNull();
    expect(cleanTitle("")).toBeNull();
  });
});

describe("titlePrompt", () => {
  it("asks for a short title in the conversation's language from the question and the answer", () => {
    const [system, user] = titlePrompt({ question: "Q?", answer: "A".repeat(5000) });
    expect(system?.content).toMatch(/at most 6 words/);
    expect(system?.content).toMatch(/language of the conversation/);
    expect(user?.content).toContain("Q?");
    expect((user?.content.length ?? 0) < 3500).toBe(true);
  });
});
