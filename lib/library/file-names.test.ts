import { describe, expect, it } from "vitest";
import { attachmentDisposition, safeFileName, uniqueNames } from "./file-names";

describe("safeFileName", () => {
  it("keeps Chinese and ordinary punctuation, drops path separators, quotes and control characters", () => {
    expect(safeFileName("周末去哪里玩？", "md")).toBe("周末去哪里玩？.md");
    expect(safeFileName('../../etc/passwd "x"\u0000\n', "md")).toBe("etc passwd x.md");
    expect(safeFileName('<script>alert("x")</script>', "json")).toBe("script alert( x ) script.json");
    expect(safeFileName("a\\b:c*d?e|f", "md")).toBe("a b c d e f.md");
  });

  it("is never empty, hidden or a name Windows reserves, and stays short without splitting a character", () => {
    expect(safeFileName("...", "md")).toBe("conversation.md");
    expect(safeFileName("   ", "md")).toBe("conversation.md");
    expect(safeFileName(".hidden", "md")).toBe("hidden.md");
    expect(safeFileName("CON", "md")).toBe("CON_.md");
    const long = safeFileName("😀".repeat(200), "md");
    expect([...long.replace(/\.md$/, "")]).toHaveLength(80);
    expect(long).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe("uniqueNames", () => {
  it("numbers repeats, ignoring case", () => {
    const name = uniqueNames();
    expect([name("a.md"), name("A.md"), name("a.md"), name("b.md")]).toEqual(["a.md", "A (2).md", "a (3).md", "b.md"]);
  });
});

describe("attachmentDisposition", () => {
  it("gives an ASCII fallback and the UTF-8 name percent-encoded (RFC 5987)", () => {
    const header = attachmentDisposition("周末 it's (1).md");
    expect(header).toBe(`attachment; filename="__ it's (1).md"; filename*=UTF-8''%E5%91%A8%E6%9C%AB%20it%27s%20%281%29.md`);
    expect(attachmentDisposition('a"b\\c.md')).toContain('filename="a_b_c.md"');
  });
});
