// The limits a send or a regenerate must pass before anything is stored: every member's (answers waiting,
// conversation length) and a child's (hours, models, today's budget). The checks and the insert they allow
// run under the member's lock, one step: parallel sends cannot all pass a check before any of them is stored.
import "server-only";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { type ChildLimitsView, childRules } from "../queries/child-limits";
import { nextAnswerModel, sendCounts } from "../queries/conversations";
import { type Db, inMemberLock } from "../queries/member-lock";
import { pickModel } from "../queries/models";
import { startOfDay, tokensUsedSince } from "../queries/usage";
import { limitReached, modelAllowed } from "./rules";

/** Where an answer is asked for: a new conversation (with a model), a conversation, or a generation to redo. */
/** `bringing`: earlier turns a new conversation arrives with (a /v1 request carries its whole conversation). */
export type SendTarget = { userId: string; conversationId?: string; modelId?: string | null; generationId?: string; bringing?: number };

/**
 * Checks the member's limits and runs `store` (with `db`, the lock's transaction) only when they allow it. `read`:
 * reads that need no lock; they run before it, beside the read of the member's rules, and `store` gets their
 * promise, settled (a failure is thrown where `store` awaits it, after the limits, as if read there).
 */
export async function admitSend<T, R = undefined>(
  target: SendTarget,
  store: (db: Db, read: Promise<R>) => Promise<T>,
  read: () => Promise<R> = async () => undefined as R,
): Promise<T> {
  const early = read();
  // The rules are read before the lock: it orders a member's own sends, not an admin's change of their rules, so
  // reading them inside would guard nothing and only hold the lock (and a pooled connection) longer.
  const [{ limits }] = await Promise.all([childRules(target.userId), early.catch(() => undefined)]);
  return inMemberLock(target.userId, async (db) => {
    await checkMemberLimits(db, target);
    if (limits) await checkChildLimits(db, target, limits);
    return store(db, early);
  });
}

/** What the lock is for: these counts and the insert they allow are one step. */
async function checkMemberLimits(db: Db, { userId, conversationId, bringing = 0 }: SendTarget): Promise<void> {
  const env = getEnv();
  const { unfinished, messages } = await sendCounts({ userId, conversationId }, db);
  if (unfinished >= env.HEARTH_MAX_QUEUED_PER_MEMBER) throw new AppError("rate_limited", "tooManyWaiting", { count: unfinished });
  // Each send adds two messages (the question and its answer).
  if (messages + bringing + 2 > env.HEARTH_MAX_CONVERSATION_MESSAGES) throw new AppError("too_large", "conversationTooLong");
}

async function checkChildLimits(db: Db, target: SendTarget, limits: ChildLimitsView): Promise<void> {
  const modelId = await modelToRun(db, target).catch(() => null);
  if (!modelId) return; // no model or no such conversation: sending fails on its own with its own message
  const now = new Date();
  const tokensUsed = limits.dailyTokenBudget === null ? 0 : await tokensUsedSince(target.userId, startOfDay(now), db);
  const reached = limitReached(limits, { modelId, now, tokensUsed });
  if (reached) throw new AppError("limit_reached", reached.key, reached.values);
}

/** The model the answer will really run on: a regenerated answer runs on the conversation's model, not the old one's. */
async function modelToRun(db: Db, target: SendTarget): Promise<string | null> {
  if (!target.conversationId && !target.generationId) return (await pickModel(target.modelId, db)).id;
  const next = await nextAnswerModel(target, db);
  if (!next) return null;
  return next.modelId ?? (await pickModel(null, db)).id;
}

/** Refuses a model a child may not use, before a conversation is switched to it (PATCH). */
export async function checkModelAllowed(userId: string, modelId: string): Promise<void> {
  const { limits } = await childRules(userId);
  if (!modelAllowed(limits, modelId)) throw new AppError("limit_reached", "childModelNotAllowed");
}

/** Refuses instructions from a child's account (why: answerInstructions in lib/limits/rules.ts). */
export async function checkMayInstruct(userId: string, systemPrompt: string | null | undefined): Promise<void> {
  if (!systemPrompt?.trim()) return;
  if ((await childRules(userId)).child) throw new AppError("limit_reached", "childInstructionsNotAllowed");
}

/** The models a user may pick: all of them, unless a child's list narrows them. */
export async function modelsAllowed<M extends { id: string }>(userId: string, models: M[]): Promise<M[]> {
  const { limits } = await childRules(userId);
  return models.filter((m) => modelAllowed(limits, m.id));
}
