// The worker's side of the limits: just before an attempt starts, a child's rules are checked again (hours may
// have passed while it waited) and what it may spend is reserved (with a daily budget: in one step under the
// member's lock); when it ends, however it ends, the reservation is settled to what it really spent. Tokens are counted apart from the
// messages (TokenUse), so deleting a conversation mid-answer cannot take them out of the budget.
import { retryWhileDatabaseUnavailable, warnWaitingForDatabase } from "../db-retry";
import { type ChildRules, childRules } from "../queries/child-limits";
import { inMemberLock } from "../queries/member-lock";
import { reserveTokens, settleTokens, startOfDay, tokensUsedSince } from "../queries/usage";
import { type InstructionSources, type LimitReached, limitReached } from "./rules";

export type AnswerStart = {
  /** The limit that stops this answer; nothing was reserved then. */
  reached: LimitReached | null;
  /** For answerInstructions: the parent's hidden instructions for a child's account, null for anyone else. */
  child: InstructionSources["child"];
  /** Settles when the reservation is written: settleAnswer waits for it. */
  reserved: Promise<void>;
};

export async function beginAnswer(input: {
  userId: string;
  modelId: string;
  generationId: string;
  attempt: number;
  /** The most output tokens the attempt may write: reserved until it settles. */
  reserve: number;
  now: Date;
  /** The member's rules, when the caller read them already (beside the claim). */
  rules?: Promise<ChildRules>;
}): Promise<AnswerStart> {
  // An early read that failed (the database was away during the claim) is read again.
  const rules = await (input.rules?.catch(() => childRules(input.userId)) ?? childRules(input.userId));
  const child = rules.child ? { hiddenPrompt: rules.limits?.systemPrompt ?? "" } : null;
  const { generationId, attempt, userId, reserve, now } = input;
  const reservation = { generationId, attempt, userId, outputTokens: reserve };
  const { limits } = rules;
  if (limits?.dailyTokenBudget == null) {
    const reached = limits ? limitReached(limits, { modelId: input.modelId, now, tokensUsed: 0 }) : null;
    if (reached) return { reached, child, reserved: Promise.resolve() };
    // No budget reads it: the reservation is written while the prompt is prepared, off the path to the first token.
    const reserved = retryWhileDatabaseUnavailable(() => reserveTokens(reservation), { onWait: warnWaitingForDatabase });
    reserved.catch(() => {});
    return { reached: null, child, reserved };
  }
  // A budget takes the lock: two answers starting at once must not both fit the same remaining tokens.
  return inMemberLock(userId, async (db) => {
    const tokensUsed = await tokensUsedSince(userId, startOfDay(now), db);
    const reached = limitReached(limits, { modelId: input.modelId, now, tokensUsed });
    if (reached) return { reached, child, reserved: Promise.resolve() };
    await reserveTokens(reservation, db);
    return { reached: null, child, reserved: Promise.resolve() };
  });
}

/** What an attempt spends, counted as it generates. */
export class TokenMeter {
  promptTokens = 0;
  outputTokens = 0;
  private startedAt: number | null = null;
  private lastTokenAt: number | null = null;

  started(promptTokens: number): void {
    this.promptTokens = promptTokens;
    this.startedAt = performance.now();
  }

  add(tokens: number): void {
    this.outputTokens += tokens;
    this.lastTokenAt = performance.now();
  }

  /** Time to the first token plus the writing: the same measure the answer's own figures give. */
  get generationMs(): number {
    return this.startedAt === null || this.lastTokenAt === null ? 0 : this.lastTokenAt - this.startedAt;
  }
}

export async function settleAnswer(input: {
  generationId: string;
  attempt: number;
  meter: TokenMeter;
  reserved: Promise<void>;
}): Promise<void> {
  const { meter } = input;
  await input.reserved.catch(() => {});
  await settleTokens({
    generationId: input.generationId,
    attempt: input.attempt,
    promptTokens: meter.promptTokens,
    outputTokens: meter.outputTokens,
    generationMs: meter.generationMs,
  });
}
