import { describe, expect, it } from "vitest";
import { exactTerms, fuseRankings } from "./retrieve";

describe("fuseRankings", () => {
  it("puts first what several rankings agree on, then each ranking's best", () => {
    expect(fuseRankings([["a", "b", "c"], ["c", "a"], []])).toEqual(["a", "c", "b"]);
    expect(fuseRankings([[], ["x"]])).toEqual(["x"]);
  });
});

describe("exactTerms", () => {
  it("keeps codes and numbers as typed, not plain words", () => {
    expect(exactTerms("What is ZQ-3391-K for, and part 4471?")).toEqual(["ZQ-3391-K", "4471"]);
    expect(exactTerms("How often is the filter cleaned?")).toEqual([]);
  });
});
