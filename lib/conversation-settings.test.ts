import { describe, expect, it } from "vitest";
import { effectiveSampling, samplingSchema } from "./conversation-settings";

describe("conversation sampling", () => {
  it("accepts values within the limits and refuses others", () => {
    expect(samplingSchema.safeParse({ temperature: 0.2, topP: 0.9, maxTokens: 100 }).success).toBe(true);
    expect(samplingSchema.safeParse({ temperature: 3 }).success).toBe(false);
    expect(samplingSchema.safeParse({ topP: 0 }).success).toBe(false);
    expect(samplingSchema.safeParse({ seed: 1 }).success).toBe(false);
  });

  it("caps max tokens at the server's limit and ignores what it cannot read", () => {
    expect(effectiveSampling({ maxTokens: 99_999, temperature: 0.5 }, 2048)).toEqual({ maxTokens: 2048, temperature: 0.5 });
    expect(effectiveSampling({ temperature: "hot" }, 512)).toEqual({ maxTokens: 512 });
    expect(effectiveSampling(null, 512)).toEqual({ maxTokens: 512 });
  });
});
