// What an admin allows each child account (see lib/limits/ for the rules).
import { getDb } from "../db";
import { AppError } from "../errors";
import type { Db } from "./member-lock";

export type ChildLimitsView = {
  allowedModelIds: string[];
  dailyTokenBudget: number | null;
  systemPrompt: string;
  allowedFrom: number | null;
  allowedUntil: number | null;
};

const fields = { allowedModelIds: true, dailyTokenBudget: true, systemPrompt: true, allowedFrom: true, allowedUntil: true } as const;

export async function getChildLimits(userId: string): Promise<ChildLimitsView | null> {
  return getDb().childLimits.findUnique({ where: { userId }, select: fields });
}

/** Whether the account is a child's, and the limits that apply to it (null unless a child with limits set). */
export async function childRules(userId: string, db: Db = getDb()): Promise<{ child: boolean; limits: ChildLimitsView | null }> {
  const row = await db.user.findUnique({ where: { id: userId }, select: { role: true, childLimits: { select: fields } } });
  const child = row?.role === "child";
  return { child, limits: child ? (row.childLimits ?? null) : null };
}

export async function listChildLimits(): Promise<Record<string, ChildLimitsView>> {
  const rows = await getDb().childLimits.findMany({ select: { userId: true, ...fields } });
  return Object.fromEntries(rows.map(({ userId, ...limits }) => [userId, limits]));
}

export async function setChildLimits(userId: string, limits: ChildLimitsView): Promise<ChildLimitsView> {
  if (!(await getDb().user.findUnique({ where: { id: userId }, select: { id: true } }))) throw new AppError("not_found", "accountNotFound");
  return getDb().childLimits.upsert({ where: { userId }, create: { userId, ...limits }, update: limits, select: fields });
}
