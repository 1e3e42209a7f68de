// Children's rules, without the database: allowed hours, allowed models, a daily token budget, and the
// instructions an answer starts with. lib/limits/send.ts and answer.ts apply them over queries.
import type { ErrorValues } from "../errors";
import type { ErrorKey } from "../i18n/config";
import type { ChildLimitsView } from "../queries/child-limits";
import { startOfDay } from "../queries/usage";

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

/** Whether a child's list lets them use the model (an empty list: every installed model). */
export function modelAllowed(limits: ChildLimitsView | null, modelId: string): boolean {
  return !limits || limits.allowedModelIds.length === 0 || limits.allowedModelIds.includes(modelId);
}

/** Which limit (if any) stops a child now. `tokensUsed` counts today's answers, those being written at their reservation. */
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
  if (!modelAllowed(limits, context.modelId)) return { limit: "model", until: null, key: "childModelNotAllowed", values: {} };
  if (limits.dailyTokenBudget !== null && context.tokensUsed >= limits.dailyTokenBudget) {
    const until = new Date(startOfDay(now).getTime());
    until.setDate(until.getDate() + 1);
    return { limit: "budget", until, key: "childBudgetUsed", values: {} };
  }
  return null;
}

/** Whose instructions an answer may follow: a child's own are never among them (see answerInstructions). */
export type InstructionSources = {
  /** The owner's folder's, for every conversation in it (null outside a folder). */
  folder?: string | null;
  /** The conversation's own (typed by its owner, or filled from one of their presets). */
  conversation: string | null;
  /** The admin's for the model. */
  model: string | null;
  /** For a child's account: the parent's hidden instructions ("" when none); null for anyone else. */
  child: { hiddenPrompt: string } | null;
};

/**
 * The system prompt an answer starts with. A member's own instructions replace the model's, as before. A child
 * cannot instruct the model at all: whatever sits in the system turn has the same authority, so text a child
 * wrote there ("ignore the rules above") would compete with the parent's rules on equal terms, and no marker
 * makes a small model reliably prefer one part of its system prompt over another. So a child's conversation
 * instructions (typed, from a preset, or left from before the account became a child's) and its folders' are ignored
 * here and refused when set (lib/limits/send.ts); the admin's per-model prompt still applies, then the parent's
 * hidden instructions last, nearest the conversation. A member's folder instructions come before the conversation's
 * own (the narrower one has the last word), and together they replace the model's.
 */
export function answerInstructions(sources: InstructionSources): string | null {
  if (!sources.child) {
    const folder = sources.folder?.trim();
    if (!folder) return sources.conversation ?? sources.model;
    return [folder, sources.conversation?.trim()].filter(Boolean).join("\n\n");
  }
  const parts = [sources.model, sources.child.hiddenPrompt].map((part) => part?.trim() ?? "").filter(Boolean);
  return parts.length > 0 ? parts.join("\n\n") : null;
}
