import { describe, expect, it } from "vitest";
import { cgroupCores, threadCandidates } from "./cores";

describe("usable cores", () => {
  it("reads a cgroup quota in whole cores, and no quota as unlimited", () => {
    expect(cgroupCores("200000 100000\n")).toBe(2);
    expect(cgroupCores("150000 100000")).toBe(1);
    expect(cgroupCores("50000 100000")).toBe(1);
    expect(cgroupCores("max 100000")).toBeNull();
    expect(cgroupCores(null)).toBeNull();
  });

  it("tries one thread, half and all but one of the cores, never every core", () => {
    expect(threadCandidates(1)).toEqual([1]);
    expect(threadCandidates(2)).toEqual([1]);
    expect(threadCandidates(4)).toEqual([1, 2, 3]);
    expect(threadCandidates(16)).toEqual([1, 8, 15]);
  });
});
