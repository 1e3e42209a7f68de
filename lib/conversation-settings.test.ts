import { describe, expect, it } from "vitest";
import { generationSampling, samplingSchema } from "./conversation-settings";

describe("conversation sampling", () => {
  it("accepts values within the limits and refuses others", () => {
    expect(samplingSchema.safeParse({ temperature: 0.2, topP: 0.9, maxTokens: 100 }).success).toBe(true);
    expect(samplingSchema.safeParse({ temperature: 3 }).success).toBe(false);
    expect(samplingSchema.safeParse({ topP: 0 }).success).toBe(false);
    expect(samplingSchema.safeParse({ seed: 1 }).success).toBe(false);
  });

  it("caps max tokens at the server's limit and ignores what it cannot read", () => {
    const run = (conversation: unknown, serverMaxTokens: number) => generationSampling({ conversation, model: null, serverMaxTokens });
    expect(run({ maxTokens: 99_999, temperature: 0.5 }, 2048)).toEqual({ maxTokens: 2048, temperature: 0.5 });
    expect(run({ temperature: "hot" }, 512)).toEqual({ maxTokens: 512 });
    expect(run(null, 512)).toEqual({ maxTokens: 512 });
  });

  it("lets the conversation's settings win over the model's, within the model's and the server's maximum", () => {
    const model = { temperature: 0.3, topK: 20, maxTokens: 300 };
    expect(generationSampling({ conversation: { temperature: 0.9 }, model, serverMaxTokens: 2048 })).toEqual({
      temperature: 0.9,
      topK: 20,
      maxTokens: 300,
    });
    expect(generationSampling({ conversation: { maxTokens: 1000 }, model, serverMaxTokens: 2048 }).maxTokens).toBe(300);
    expect(generationSampling({ conversation: { maxTokens: 100 }, model, serverMaxTokens: 2048 }).maxTokens).toBe(100);
    // A model default above the server's limit does not lift it.
    expect(generationSampling({ conversation: {}, model: { maxTokens: 9000 }, serverMaxTokens: 2048 }).maxTokens).toBe(2048);
  });
});
