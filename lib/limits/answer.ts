// The worker's side of the limits: just before an attempt starts, a child's rules are checked again (hours may
// have passed while it waited) and what it may spend is reserved, in one step under the member's lock; when it
// ends, however it ends, the reservation is settled to what it really spent. Tokens are counted apart from the
// messages (TokenUse), so deleting a conversation mid-answer cannot take them out of the budget.
import { childRules } from "../queries/child-limits";
import { type Db, inMemberLock } from "../queries/member-lock";
import { reserveTokens, settleTokens, startOfDay, tokensUsedSince } from "../queries/usage";
import { type InstructionSources, type LimitReached, limitReached } from "./rules";

export type AnswerStart = {
  /** The limit that stops this answer; nothing was reserved then. */
  reached: LimitReached | null;
  /** For answerInstructions: the parent's hidden instructions for a child's account, null for anyone else. */
  child: InstructionSources["child"];
};

export async function beginAnswer(input: {
  userId: string;
  modelId: string;
  generationId: string;
  attempt: number;
  /** The most output tokens the attempt may write: reserved until it settles. */
  reserve: number;
  now: Date;
}): Promise<AnswerStart> {
  const decide = async (db?: Db): Promise<AnswerStart> => {
    const rules = await childRules(input.userId, db);
    const child = rules.child ? { hiddenPrompt: rules.limits?.systemPrompt ?? "" } : null;
    if (rules.limits) {
      const budgeted = rules.limits.dailyTokenBudget !== null;
      const tokensUsed = budgeted ? await tokensUsedSince(input.userId, startOfDay(input.now), db) : 0;
      const reached = limitReached(rules.limits, { modelId: input.modelId, now: input.now, tokensUsed });
      if (reached) return { reached, child };
    }
    const { generationId, attempt, userId, reserve } = input;
    await reserveTokens({ generationId, attempt, userId, outputTokens: reserve }, db);
    return { reached: null, child };
  };
  // Only a budget needs the lock (two answers starting at once must not both fit the same remaining tokens);
  // everyone else's start stays one short read and one write, on the path to the first token.
  const rules = await childRules(input.userId);
  return rules.limits?.dailyTokenBudget != null ? inMemberLock(input.userId, decide) : decide();
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

export async function settleAnswer(input: { generationId: string; attempt: number; meter: TokenMeter }): Promise<void> {
  const { meter } = input;
  await settleTokens({
    generationId: input.generationId,
    attempt: input.attempt,
    promptTokens: meter.promptTokens,
    outputTokens: meter.outputTokens,
    generationMs: meter.generationMs,
  });
}
