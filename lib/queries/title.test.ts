import { describe, expect, it } from "vitest";
import { titleFrom } from "./conversations";

describe("titleFrom", () => {
  it("uses the first line, shortened with an ellipsis", () => {
    expect(titleFrom("  Hello there\nsecond line")).toBe("Hello there");
    expect(titleFrom("x".repeat(100))).toHaveLength(58);
    expect(titleFrom("x".repeat(100)).endsWith("…")).toBe(true);
    expect(titleFrom("\n\n")).toBe("New chat");
  });
});
