import { describe, expect, it } from "vitest";
import { modelParts, parseModelSource, quantizationFromFileName } from "./source";

const hub = new URL("https://huggingface.co/");

describe("parseModelSource", () => {
  it.each([
    ["hf:Qwen/Qwen3-4B-GGUF/Qwen3-4B-Q4_K_M.gguf", { repo: "Qwen/Qwen3-4B-GGUF", file: "Qwen3-4B-Q4_K_M.gguf" }],
    ["hf:Qwen/Qwen3-4B-GGUF", { repo: "Qwen/Qwen3-4B-GGUF", file: null }],
    ["https://huggingface.co/Qwen/Qwen3-4B-GGUF", { repo: "Qwen/Qwen3-4B-GGUF", file: null }],
    ["https://huggingface.co/Qwen/Qwen3-4B-GGUF/tree/main", { repo: "Qwen/Qwen3-4B-GGUF", file: null }],
    [
      "https://huggingface.co/Qwen/Qwen3-4B-GGUF/blob/main/Qwen3-4B-Q4_K_M.gguf",
      { repo: "Qwen/Qwen3-4B-GGUF", file: "Qwen3-4B-Q4_K_M.gguf" },
    ],
    ["https://huggingface.co/a/b/resolve/main/sub/m.gguf?download=true", { repo: "a/b", file: "sub/m.gguf" }],
    // As the Hub shows a repository's name, and its short domain with or without a scheme.
    ["Qwen/Qwen3-4B-GGUF", { repo: "Qwen/Qwen3-4B-GGUF", file: null }],
    [" family/demo-GGUF/demo-q8_0.gguf ", { repo: "family/demo-GGUF", file: "demo-q8_0.gguf" }],
    ["hf.co/Qwen/Qwen3-4B-GGUF", { repo: "Qwen/Qwen3-4B-GGUF", file: null }],
    ["https://hf.co/Qwen/Qwen3-4B-GGUF/blob/main/m.gguf", { repo: "Qwen/Qwen3-4B-GGUF", file: "m.gguf" }],
    ["huggingface.co/Qwen/Qwen3-4B-GGUF", { repo: "Qwen/Qwen3-4B-GGUF", file: null }],
  ])("reads %s", (input, expected) => expect(parseModelSource(input, hub)).toEqual(expected));

  it.each([
    "hf:a/b/../../c.gguf",
    "hf:../x",
    "https://huggingface.co/a/b/blob/main/..%2F..%2Fetc.gguf",
    "https://evil.example/a/b",
    "hf:a/b/model.bin",
    "hf:a",
    "just words",
    "a/../b",
    "https://hf.co.evil.example/a/b",
  ])("refuses %s", (input) => expect(() => parseModelSource(input, hub)).toThrow());
});

describe("quantizationFromFileName", () => {
  it.each([
    ["Qwen3-4B-Q4_K_M.gguf", "Q4_K_M"],
    ["qwen2.5-0.5b-instruct-q8_0.gguf", "Q8_0"],
    ["model-IQ3_XS.gguf", "IQ3_XS"],
    ["gemma-f16.gguf", "F16"],
    ["plain.gguf", null],
  ])("%s → %s", (file, expected) => expect(quantizationFromFileName(file)).toBe(expected));
});

describe("modelParts", () => {
  it("names every part of a split model, first part first, whichever part is given", () => {
    const parts = ["q/m-Q8_0-00001-of-00003.gguf", "q/m-Q8_0-00002-of-00003.gguf", "q/m-Q8_0-00003-of-00003.gguf"];
    expect(modelParts("q/m-Q8_0-00002-of-00003.gguf")).toEqual(parts);
  });

  it("keeps a model in one file as it is", () => {
    expect(modelParts("m-Q8_0.gguf")).toEqual(["m-Q8_0.gguf"]);
    expect(modelParts("m-00001-of-00001.gguf")).toEqual(["m-00001-of-00001.gguf"]);
  });
});
