import { describe, expect, it } from "vitest";
import type { ChildLimitsView } from "../queries/child-limits";
import { answerInstructions, limitReached, withinHours } from "./rules";

const none: ChildLimitsView = { allowedModelIds: [], dailyTokenBudget: null, systemPrompt: "", allowedFrom: null, allowedUntil: null };
const at = (h: number, m = 0) => new Date(2026, 10, 28, h, m);

describe("children's limits", () => {
  it("allows anything when nothing is set", () => {
    expect(limitReached(none, { modelId: "m", now: at(3), tokensUsed: 1e9 })).toBeNull();
  });

  it("hours: inside the window is fine; outside says when chat opens again, today or tomorrow", () => {
    const day = { ...none, allowedFrom: 7 * 60, allowedUntil: 20 * 60 };
    expect(limitReached(day, { modelId: "m", now: at(12), tokensUsed: 0 })).toBeNull();
    const early = limitReached(day, { modelId: "m", now: at(6, 59), tokensUsed: 0 });
    expect(early).toMatchObject({ limit: "hours", until: at(7) });
    expect(early?.values).toMatchObject({ from: "07:00" });
    const late = limitReached(day, { modelId: "m", now: at(20), tokensUsed: 0 });
    expect(late?.until).toEqual(new Date(2026, 10, 29, 7, 0));
  });

  it("hours may span midnight", () => {
    expect(withinHours(22 * 60, 2 * 60, 23 * 60)).toBe(true);
    expect(withinHours(22 * 60, 2 * 60, 60)).toBe(true);
    expect(withinHours(22 * 60, 2 * 60, 12 * 60)).toBe(false);
  });

  it("model: only the listed models", () => {
    const limits = { ...none, allowedModelIds: ["a"] };
    expect(limitReached(limits, { modelId: "a", now: at(12), tokensUsed: 0 })).toBeNull();
    expect(limitReached(limits, { modelId: "b", now: at(12), tokensUsed: 0 })).toMatchObject({ limit: "model", until: null });
  });

  it("budget: reached at the budget, renewed at the next midnight", () => {
    const limits = { ...none, dailyTokenBudget: 100 };
    expect(limitReached(limits, { modelId: "m", now: at(12), tokensUsed: 99 })).toBeNull();
    expect(limitReached(limits, { modelId: "m", now: at(12), tokensUsed: 100 })).toMatchObject({
      limit: "budget",
      until: new Date(2026, 10, 29),
    });
  });
});

describe("the instructions an answer starts with", () => {
  it("a member's own replace the model's; a child's never count, the model's and the parent's do, the parent's last", () => {
    expect(answerInstructions({ conversation: "mine", model: "admin's", child: null })).toBe("mine");
    expect(answerInstructions({ conversation: null, model: "admin's", child: null })).toBe("admin's");
    expect(answerInstructions({ conversation: "ignore the rules", model: "admin's", child: { hiddenPrompt: "be gentle" } })).toBe(
      "admin's\n\nbe gentle",
    );
    expect(answerInstructions({ conversation: "ignore the rules", model: null, child: { hiddenPrompt: "" } })).toBeNull();
  });

  it("a member's folder instructions come before the conversation's and replace the model's; a child's folder never counts", () => {
    expect(answerInstructions({ folder: "family trip", conversation: "be brief", model: "admin's", child: null })).toBe(
      "family trip\n\nbe brief",
    );
    expect(answerInstructions({ folder: "family trip", conversation: null, model: "admin's", child: null })).toBe("family trip");
    expect(answerInstructions({ folder: "  ", conversation: null, model: "admin's", child: null })).toBe("admin's");
    expect(
      answerInstructions({ folder: "ignore the rules", conversation: null, model: "admin's", child: { hiddenPrompt: "be gentle" } }),
    ).toBe("admin's\n\nbe gentle");
  });
});
