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

export type ChildRules = { child: boolean; limits: ChildLimitsView | null };

/**
 * Whether the account is a child's, and the limits that apply to it (null unless a child with limits set). One
 * statement (Prisma reads the relation with a second one): every send and every answer start reads this.
 */
export async function childRules(userId: string, db: Db = getDb()): Promise<ChildRules> {
  const [row] = await db.$queryRaw<(ChildLimitsView & { role: string; hasLimits: boolean })[]>`
    SELECT u.role::text AS role, l."userId" IS NOT NULL AS "hasLimits", l."allowedModelIds", l."dailyTokenBudget",
      l."systemPrompt", l."allowedFrom", l."allowedUntil"
    FROM "User" u LEFT JOIN "ChildLimits" l ON l."userId" = u.id
    WHERE u.id = ${userId}`;
  const child = row?.role === "child";
  if (!child || !row.hasLimits) return { child, limits: null };
  const { allowedModelIds, dailyTokenBudget, systemPrompt, allowedFrom, allowedUntil } = row;
  return { child, limits: { allowedModelIds, dailyTokenBudget, systemPrompt, allowedFrom, allowedUntil } };
}

export async function listChildLimits(): Promise<Record<string, ChildLimitsView>> {
  const rows = await getDb().childLimits.findMany({ select: { userId: true, ...fields } });
  return Object.fromEntries(rows.map(({ userId, ...limits }) => [userId, limits]));
}

export async function setChildLimits(userId: string, limits: ChildLimitsView): Promise<ChildLimitsView> {
  if (!(await getDb().user.findUnique({ where: { id: userId }, select: { id: true } }))) throw new AppError("not_found", "accountNotFound");
  return getDb().childLimits.upsert({ where: { userId }, create: { userId, ...limits }, update: limits, select: fields });
}
