// Children's rules: allowed hours, allowed models and a daily token budget, checked when a message is sent
// and again by the worker before the answer starts; plus the hidden system prompt every answer begins with.
import { getDb } from "../db";
import { AppError, type ErrorValues } from "../errors";
import type { ErrorKey } from "../i18n/config";
import { type ChildLimitsView, limitsInForce } from "../queries/child-limits";
import { pickModel } from "../queries/models";
import { startOfDay, tokensUsedSince } from "../queries/usage";

/** `key` with `values` says it in the reader's language (also as an answer's stored reason, lib/i18n/failure.ts). */
export type LimitReached = {
  limit: "hours" | "model" | "budget";
  until: Date | null;
  key: ErrorKey;
  values: ErrorValues;
};

const MINUTES_PER_DAY = 24 * 60;

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

export function withinHours(from: number, until: number, minute: number): boolean {
  if (from === until) return true;
  return from < until ? minute >= from && minute < until : minute >= from || minute < until;
}

/** The next time (server clock) it is `minute` past midnight, after `now`. */
function nextClock(now: Date, minute: number): Date {
  const at = new Date(startOfDay(now).getTime());
  at.setHours(Math.floor(minute / 60), minute % 60);
  if (at <= now) at.setDate(at.getDate() + 1);
  return at;
}

/** The rules alone, without the database: which limit (if any) stops a child now. */
export function limitReached(limits: ChildLimitsView, context: { modelId: string; now: Date; tokensUsed: number }): LimitReached | null {
  const { now } = context;
  if (limits.allowedFrom !== null && limits.allowedUntil !== null) {
    const minute = now.getHours() * 60 + now.getMinutes();
    if (!withinHours(limits.allowedFrom, limits.allowedUntil, minute)) {
      const until = nextClock(now, limits.allowedFrom);
      return {
        limit: "hours",
        until,
        key: "childOutsideHours",
        values: { from: formatClock(limits.allowedFrom), until: formatClock(limits.allowedUntil % MINUTES_PER_DAY) },
      };
    }
  }
  if (limits.allowedModelIds.length > 0 && !limits.allowedModelIds.includes(context.modelId)) {
    return { limit: "model", until: null, key: "childModelNotAllowed", values: {} };
  }
  if (limits.dailyTokenBudget !== null && context.tokensUsed >= limits.dailyTokenBudget) {
    const until = new Date(startOfDay(now).getTime());
    until.setDate(until.getDate() + 1);
    return { limit: "budget", until, key: "childBudgetUsed", values: {} };
  }
  return null;
}

/** Which limit (if any) stops this user from getting an answer from this model now. */
/**
 * The worker's check just before an answer starts, with one read of the rules: the limit reached (if any), and
 * the system prompt with a child's hidden instructions leading it.
 */
export async function childRulesFor(input: { userId: string; modelId: string; now: Date; systemPrompt: string | null }) {
  const limits = await limitsInForce(input.userId);
  if (!limits) return { reached: null, systemPrompt: input.systemPrompt };
  return { reached: await reachedFor(limits, input), systemPrompt: withHiddenPrompt(limits.systemPrompt, input.systemPrompt) };
}

async function reachedFor(limits: ChildLimitsView, input: { userId: string; modelId: string; now: Date }) {
  const tokensUsed = limits.dailyTokenBudget === null ? 0 : await tokensUsedSince(input.userId, startOfDay(input.now));
  return limitReached(limits, { modelId: input.modelId, now: input.now, tokensUsed });
}

/**
 * At send time, before anything is stored: throws the friendly message when a limit is reached. Costs one
 * query for anyone who is not a child (this is on the path to the first token).
 */
export async function enforceChildLimits(input: SendTarget): Promise<void> {
  const limits = await limitsInForce(input.userId);
  if (!limits) return;
  const modelId = await modelToUse(input).catch(() => null);
  if (!modelId) return; // no model or no such conversation: sending fails on its own with its own message
  const reached = await reachedFor(limits, { userId: input.userId, modelId, now: new Date() });
  if (reached) throw new AppError("limit_reached", reached.key, reached.values);
}

/** Where an answer is asked for: a new conversation (with a model), a conversation, or a generation to redo. */
type SendTarget = { userId: string; conversationId?: string; modelId?: string | null; generationId?: string };

async function modelToUse(input: SendTarget): Promise<string | null> {
  if (input.generationId) {
    const generation = await getDb().message.findFirst({
      where: { id: input.generationId, conversation: { userId: input.userId } },
      select: { modelId: true, conversation: { select: { modelId: true } } },
    });
    if (!generation) return null;
    return generation.modelId ?? generation.conversation.modelId ?? (await pickModel(null)).id;
  }
  if (input.conversationId) {
    const conversation = await getDb().conversation.findFirst({
      where: { id: input.conversationId, userId: input.userId },
      select: { modelId: true },
    });
    if (!conversation) return null;
    return conversation.modelId ?? (await pickModel(null)).id;
  }
  return (await pickModel(input.modelId)).id;
}

/** The system prompt an answer starts with: the child's hidden one first, then the conversation's own. */
function withHiddenPrompt(hiddenPrompt: string, systemPrompt: string | null): string | null {
  const hidden = hiddenPrompt.trim();
  if (!hidden) return systemPrompt;
  return systemPrompt?.trim() ? `${hidden}\n\n${systemPrompt}` : hidden;
}

/** The models a user may pick: all of them, unless a child's list narrows them. */
export async function modelsAllowed<M extends { id: string }>(userId: string, models: M[]): Promise<M[]> {
  const allowed = (await limitsInForce(userId))?.allowedModelIds ?? [];
  return allowed.length === 0 ? models : models.filter((m) => allowed.includes(m.id));
}
