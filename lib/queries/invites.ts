// One-time sign-up links. The link carries a random token; the database keeps only its SHA-256, so a
// leaked database backup holds no usable link.
import { createHash, randomBytes } from "node:crypto";
import argon2 from "argon2";
import { getDb } from "../db";
import { AppError } from "../errors";
import type { Role } from "../generated/prisma/client";
import { normalizeEmail, type PublicUser, publicFields } from "./users";

export type InviteView = { id: string; role: Role; expiresAt: Date; usedAt: Date | null; createdAt: Date; note: string | null };

const inviteFields = { id: true, role: true, expiresAt: true, usedAt: true, createdAt: true, note: true } as const;

export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createInvite(input: {
  role: Role;
  hours: number;
  createdById: string;
  note?: string;
}): Promise<{ invite: InviteView; token: string }> {
  const token = randomBytes(32).toString("base64url");
  const invite = await getDb().invite.create({
    data: {
      tokenHash: hashInviteToken(token),
      role: input.role,
      createdById: input.createdById,
      expiresAt: new Date(Date.now() + input.hours * 3600_000),
      note: input.note || null,
    },
    select: inviteFields,
  });
  return { invite, token };
}

export async function listInvites(): Promise<InviteView[]> {
  return getDb().invite.findMany({
    where: { usedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: inviteFields,
  });
}

export async function revokeInvite(id: string): Promise<void> {
  const { count } = await getDb().invite.deleteMany({ where: { id, usedAt: null } });
  if (count === 0) throw new AppError("not_found", "inviteNotFound");
}

/** The invite a link stands for, while it can still be used. */
export async function findUsableInvite(token: string): Promise<InviteView | null> {
  return getDb().invite.findFirst({
    where: { tokenHash: hashInviteToken(token), usedAt: null, expiresAt: { gt: new Date() } },
    select: inviteFields,
  });
}

const unusable = () => new AppError("not_found", "inviteUnusable");

/** Uses the invite and creates the account in one transaction: two people opening one link get one account. */
export async function acceptInvite(input: { token: string; name: string; email: string; password: string }): Promise<PublicUser> {
  if (!(await findUsableInvite(input.token))) throw unusable();
  const passwordHash = await argon2.hash(input.password);
  const email = normalizeEmail(input.email);
  return getDb().$transaction(async (tx) => {
    const [claimed] = await tx.$queryRaw<{ role: Role }[]>`
      UPDATE "Invite" SET "usedAt" = now()
      WHERE "tokenHash" = ${hashInviteToken(input.token)} AND "usedAt" IS NULL AND "expiresAt" > now()
      RETURNING role`;
    if (!claimed) throw unusable();
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) {
      throw new AppError("conflict", "emailTaken");
    }
    return tx.user.create({ data: { email, name: input.name.trim(), passwordHash, role: claimed.role }, select: publicFields });
  });
}
