import { describe, expect, it } from "vitest";
import { AUTO_CONTEXT_MAX } from "@/lib/context-size";
import { contextSizeFor } from "./model-host";

describe("context size", () => {
  it("caps a fixed size at the model's training context", () => {
    expect(contextSizeFor(4096, 2048)).toBe(2048);
    expect(contextSizeFor(1024, 131072)).toBe(1024);
  });

  it("lets auto grow with the model up to a limit, for llama.cpp to fit to memory", () => {
    expect(contextSizeFor("auto", 1024)).toEqual({ min: 512, max: 1024 });
    expect(contextSizeFor("auto", 131072)).toEqual({ min: 512, max: AUTO_CONTEXT_MAX });
    expect(contextSizeFor("auto", 256)).toEqual({ min: 256, max: 256 });
    expect(contextSizeFor("auto", 0)).toEqual({ min: 512, max: AUTO_CONTEXT_MAX });
  });
});
