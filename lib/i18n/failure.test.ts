import { describe, expect, it } from "vitest";
import { decodeFailure, encodeFailure } from "./failure";

describe("failure reasons", () => {
  it("round-trips a key with values", () => {
    const stored = encodeFailure({ key: "promptTooLong", values: { tokens: 700, budget: 96, contextSize: 128 } });
    expect(decodeFailure(stored)).toEqual({ key: "promptTooLong", values: { tokens: 700, budget: 96, contextSize: 128 } });
  });

  it("stores a key without values as the bare key, as older answers have it", () => {
    expect(encodeFailure({ key: "modelNoLongerInstalled" })).toBe("modelNoLongerInstalled");
    expect(decodeFailure("modelNoLongerInstalled")).toEqual({ key: "modelNoLongerInstalled", values: {} });
  });

  it("does not take a sentence for a key", () => {
    expect(decodeFailure("The model failed: out of memory")).toBeNull();
    expect(decodeFailure("{not json")).toBeNull();
  });
});
