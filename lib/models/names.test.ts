import { describe, expect, it } from "vitest";
import { MODEL_NAME_PATTERN, modelNameFrom, pulledModelName } from "./names";

describe("derived model names", () => {
  it.each([
    ["My Tiny Model+v2.gguf", "My Tiny Model v2"],
    ["llama[3]{b}&c.GGUF", "llama 3 b c"],
    ["模型#一.gguf", "模型 一"],
    ["+++.gguf", "model"],
    [`${"x".repeat(100)}.gguf`, "x".repeat(70)],
  ])("%s → %s, which the model schema accepts", (file, name) => {
    expect(modelNameFrom(file)).toBe(name);
    expect(name).toMatch(MODEL_NAME_PATTERN);
  });

  it("names a catalogue model by the catalogue, any other by its file", () => {
    expect(pulledModelName("Qwen/Qwen2.5-0.5B-Instruct-GGUF", "qwen2.5-0.5b-instruct-q4_k_m.gguf")).toBe("Qwen 2.5 0.5B Instruct");
    expect(pulledModelName("acme/Tiny-GGUF", "sub/tiny-q8_0.gguf")).toBe("tiny-q8_0");
  });
});
