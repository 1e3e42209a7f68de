// What an admin allows each child account (see lib/family/limits.ts for the rules).
import { getDb } from "../db";
import { AppError } from "../errors";

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

/** The limits that apply to the user: null unless the account is a child with limits set. */
export async function limitsInForce(userId: string): Promise<ChildLimitsView | null> {
  const row = await getDb().user.findUnique({ where: { id: userId }, select: { role: true, childLimits: { select: fields } } });
  return row?.role === "child" ? (row.childLimits ?? null) : null;
}

export async function listChildLimits(): Promise<Record<string, ChildLimitsView>> {
  const rows = await getDb().childLimits.findMany({ select: { userId: true, ...fields } });
  return Object.fromEntries(rows.map(({ userId, ...limits }) => [userId, limits]));
}

export async function setChildLimits(userId: string, limits: ChildLimitsView): Promise<ChildLimitsView> {
  if (!(await getDb().user.findUnique({ where: { id: userId }, select: { id: true } }))) throw new AppError("not_found", "accountNotFound");
  return getDb().childLimits.upsert({ where: { userId }, create: { userId, ...limits }, update: limits, select: fields });
}
