import { describe, expect, it } from "vitest";
import { fairPriority, generationJobSchema } from "./jobs";

describe("fairPriority", () => {
  it("gives each user's n-th waiting job priority n, so users take turns", () => {
    expect(fairPriority(0)).toBe(1);
    expect(fairPriority(4)).toBe(5);
    expect(fairPriority(-3)).toBe(1);
    expect(fairPriority(10_000_000)).toBe(2_000_000);
  });
});

describe("generationJobSchema", () => {
  it("refuses a payload missing its message", () => {
    expect(generationJobSchema.safeParse({ conversationId: "c", userId: "u", modelId: "m" }).success).toBe(false);
  });
});
