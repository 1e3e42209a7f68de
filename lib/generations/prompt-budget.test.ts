import { describe, expect, it } from "vitest";
import { promptBudget, surelyTooLong } from "./prompt-budget";

describe("prompt budget", () => {
  it("keeps room for the answer, at most half the window", () => {
    expect(promptBudget(2048, 512)).toBe(1536);
    expect(promptBudget(2048, 4096)).toBe(1024);
  });

  it("refuses only what surely does not fit", () => {
    // The walk-through's 29,700-character paste against a 2,048-token model.
    expect(surelyTooLong(29_700, promptBudget(2048, 2048))).toBe(true);
    expect(surelyTooLong(4_000, promptBudget(2048, 2048))).toBe(false);
  });
});
