import { describe, expect, it } from "vitest";
import { fairPriority, generationJobSchema, parseGenerationJob } from "./queue";

describe("fairPriority", () => {
  it("gives each user's n-th waiting job priority n, so users take turns", () => {
    expect(fairPriority(0)).toBe(1);
    expect(fairPriority(4)).toBe(5);
    expect(fairPriority(-3)).toBe(1);
    expect(fairPriority(10_000_000)).toBe(2_000_000);
  });
});

describe("generationJobSchema", () => {
  it("refuses a payload missing its generation", () => {
    expect(generationJobSchema.safeParse({ conversationId: "c", userId: "u", modelId: "m" }).success).toBe(false);
  });

  it("reads a job's payload, or null for one that is not a generation job", () => {
    const data = { generationId: "g", conversationId: "c", userId: "u", modelId: "m" };
    expect(parseGenerationJob({ data })).toEqual(data);
    expect(parseGenerationJob({ data: { messageId: "g" } })).toBeNull();
  });
});
