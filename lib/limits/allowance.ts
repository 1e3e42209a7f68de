// What a child may still do today, shown to the child before a limit stops them (the rules: rules.ts).
import "server-only";
import { childRules } from "../queries/child-limits";
import { startOfDay, tokensUsedSince } from "../queries/usage";
import { formatClock } from "./rules";

export type Allowance = {
  /** Null: no daily budget. */
  tokens: { budget: number; left: number } | null;
  /** Null: no hour limit. Server-clock times, as the limit is checked. */
  hours: { from: string; until: string } | null;
};

/** Null for anyone without limits in force (not a child, or a child with none set). */
export async function childAllowance(userId: string, now = new Date()): Promise<Allowance | null> {
  const { limits } = await childRules(userId);
  if (!limits) return null;
  const budget = limits.dailyTokenBudget;
  const used = budget === null ? 0 : await tokensUsedSince(userId, startOfDay(now));
  const hours =
    limits.allowedFrom !== null && limits.allowedUntil !== null
      ? { from: formatClock(limits.allowedFrom), until: formatClock(limits.allowedUntil % (24 * 60)) }
      : null;
  if (budget === null && !hours) return null;
  return { tokens: budget === null ? null : { budget, left: Math.max(0, budget - used) }, hours };
}
