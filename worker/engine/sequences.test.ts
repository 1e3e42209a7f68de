import { describe, expect, it } from "vitest";
import { AUTO_SEQUENCES_MAX, chooseSequences } from "./sequences";

const GB = 1024 ** 3;

describe("chooseSequences (HEARTH_WORKER_SEQUENCES=auto)", () => {
  it("serves as many answers at once as fit beside the model", () => {
    expect(chooseSequences({ budgetBytes: 8 * GB, modelBytes: 5 * GB, sequenceBytes: 1 * GB })).toBe(3);
  });

  it("stops at the cap however much memory is free", () => {
    expect(chooseSequences({ budgetBytes: 140 * GB, modelBytes: 5 * GB, sequenceBytes: 0.5 * GB })).toBe(AUTO_SEQUENCES_MAX);
    expect(chooseSequences({ budgetBytes: 140 * GB, modelBytes: 5 * GB, sequenceBytes: 0.5 * GB, max: 16 })).toBe(16);
  });

  it("keeps one sequence when even that does not fit (loading then says what is wrong)", () => {
    expect(chooseSequences({ budgetBytes: 4 * GB, modelBytes: 5 * GB, sequenceBytes: 1 * GB })).toBe(1);
    expect(chooseSequences({ budgetBytes: 6.5 * GB, modelBytes: 5 * GB, sequenceBytes: 1 * GB })).toBe(1);
  });

  it("takes a context that costs nothing per sequence as no limit", () => {
    expect(chooseSequences({ budgetBytes: GB, modelBytes: GB, sequenceBytes: 0 })).toBe(AUTO_SEQUENCES_MAX);
  });
});
