import { describe, expect, it } from "vitest";
import { scriptPieces } from "./scripted-model";

describe("scriptPieces", () => {
  it("cuts a repetitive text into unique pieces of at least 3 characters that join back to it", () => {
    const text = "| a | a |\n|---|---|---|---|\n| a | a |\nxx";
    const pieces = scriptPieces(text);
    expect(pieces.join("").replaceAll("▁", " ")).toBe(text);
    expect(new Set(pieces).size).toBe(pieces.length);
    for (const piece of pieces) expect(piece.length).toBeGreaterThanOrEqual(3);
  });

  it("refuses a text too short to be a piece", () => {
    expect(() => scriptPieces("ab")).toThrow(/at least 3/);
  });
});
