// Data access for users. Passwords are hashed with argon2id and never leave this module.
import "server-only";
import { randomBytes } from "node:crypto";
import argon2 from "argon2";
import { getDb } from "../db";
import { AppError } from "../errors";
import type { Role, UserStatus } from "../generated/prisma/client";

/** `locale` is the member's chosen language; null follows the browser. */
export type PublicUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: UserStatus;
  locale: string | null;
  mustChangePassword: boolean;
  createdAt: Date;
  /** Conversations made through /v1 are listed in the sidebar only when this is on. */
  showApiConversations: boolean;
};

export const publicFields = {
  id: true,
  email: true,
  name: true,
  role: true,
  status: true,
  locale: true,
  mustChangePassword: true,
  createdAt: true,
  showApiConversations: true,
} as const;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Creates the first account as admin; refuses once any account exists. */
export async function createFirstAdmin(input: { email: string; name: string; password: string }): Promise<PublicUser> {
  if (await hasAnyUser()) throw new AppError("forbidden", "signupClosed");
  const passwordHash = await argon2.hash(input.password);
  return getDb().$transaction(async (tx) => {
    // Serialises concurrent first sign-ups so exactly one becomes admin.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(4207001)`;
    if ((await tx.user.count()) > 0) {
      throw new AppError("forbidden", "signupClosed");
    }
    return tx.user.create({
      data: { email: normalizeEmail(input.email), name: input.name.trim(), passwordHash, role: "admin" },
      select: publicFields,
    });
  });
}

export async function createUser(input: { email: string; name: string; password: string; role: Role; status?: UserStatus }) {
  const email = normalizeEmail(input.email);
  const db = getDb();
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) {
    throw new AppError("conflict", "emailTaken");
  }
  const passwordHash = await argon2.hash(input.password);
  return db.user.create({
    data: { email, name: input.name.trim(), passwordHash, role: input.role, status: input.status ?? "active" },
    select: publicFields,
  });
}

export async function hasAnyUser(): Promise<boolean> {
  return (await getDb().user.count()) > 0;
}

const globalForDummy = globalThis as unknown as { hearthDummyHash?: Promise<string> };

/** A hash of nothing anyone knows, made with the same settings as real ones, so checking it costs the same. */
function dummyHash(): Promise<string> {
  globalForDummy.hearthDummyHash ??= argon2.hash(randomBytes(32));
  return globalForDummy.hearthDummyHash;
}

/**
 * Checks a login. Null for an unknown email or a wrong password; with the right password, the account as it
 * is (the caller refuses one that is not active). An unknown email is checked against a dummy hash: the same
 * work either way, so the time taken does not tell which emails have accounts (sign-in attempts are limited
 * per account and address before this runs, which bounds the work).
 */
export async function verifyCredentials(email: string, password: string): Promise<(PublicUser & { sessionVersion: number }) | null> {
  const user = await getDb().user.findUnique({ where: { email: normalizeEmail(email) } });
  if (!user) {
    await argon2.verify(await dummyHash(), password);
    return null;
  }
  if (!(await argon2.verify(user.passwordHash, password))) return null;
  const { passwordHash: _hash, updatedAt: _updated, ...rest } = user;
  return rest;
}

export async function getActiveUser(id: string): Promise<PublicUser | null> {
  return getDb().user.findFirst({ where: { id, status: "active" }, select: publicFields });
}

/** Ends every session of the account at its next request (password change, disable, "end all sessions"). */
export async function bumpSessionVersion(userId: string): Promise<number> {
  const { sessionVersion } = await getDb().user.update({
    where: { id: userId },
    data: { sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  return sessionVersion;
}

/** Accounts waiting for an admin's approval (open sign-up). */
export async function countWaitingForApproval(): Promise<number> {
  return getDb().user.count({ where: { status: "pending" } });
}

export async function listUsers(): Promise<PublicUser[]> {
  return getDb().user.findMany({ orderBy: { createdAt: "asc" }, select: publicFields });
}

/** The member's language; null follows the browser. */
export async function setUserLocale(input: { userId: string; locale: string | null }): Promise<void> {
  await getDb().user.update({ where: { id: input.userId }, data: { locale: input.locale }, select: { id: true } });
}

/** The name members are told to ask for help: the first admin's. */
export async function getAdminName(): Promise<string | null> {
  const admin = await getDb().user.findFirst({
    where: { role: "admin", status: "active" },
    orderBy: { createdAt: "asc" },
    select: { name: true },
  });
  return admin?.name ?? null;
}

export async function showsApiConversations(userId: string): Promise<boolean> {
  const row = await getDb().user.findUnique({ where: { id: userId }, select: { showApiConversations: true } });
  return row?.showApiConversations ?? false;
}

export async function setShowApiConversations({ userId, show }: { userId: string; show: boolean }): Promise<void> {
  await getDb().user.update({ where: { id: userId }, data: { showApiConversations: show } });
}
