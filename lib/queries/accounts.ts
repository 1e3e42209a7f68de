// What an admin changes about an account, and what each person changes about their own.
// Rule kept in one transaction: Hearth always has at least one active admin.
import argon2 from "argon2";
import { getDb } from "../db";
import { AppError } from "../errors";
import type { Prisma, Role, UserStatus } from "../generated/prisma/client";
import { createFirstAdmin, createUser, hasAnyUser, type PublicUser, publicFields } from "./users";

type Tx = Prisma.TransactionClient;

/** Serialises every change that could remove the last admin, then checks one remains before committing. */
async function keepingAnAdmin<T>(change: (tx: Tx) => Promise<T>): Promise<T> {
  return getDb().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(4207002)`;
    const result = await change(tx);
    const admins = await tx.user.count({ where: { role: "admin", status: "active" } });
    if (admins === 0) throw new AppError("conflict", "lastAdmin");
    return result;
  });
}

async function existing(tx: Tx, id: string) {
  const user = await tx.user.findUnique({ where: { id }, select: { id: true } });
  if (!user) throw new AppError("not_found", "accountNotFound");
}

export async function updateAccount(id: string, change: { role?: Role; status?: UserStatus; name?: string }): Promise<PublicUser> {
  return keepingAnAdmin(async (tx) => {
    await existing(tx, id);
    const user = await tx.user.update({ where: { id }, data: change, select: publicFields });
    // A disabled account is signed out everywhere; its open streams notice at their next check.
    if (change.status && change.status !== "active") await tx.userSession.deleteMany({ where: { userId: id } });
    return user;
  });
}

/**
 * Deletes the account and, by cascade, its conversations, messages, sessions and limits. The admin confirms
 * by typing the account's email.
 */
export async function deleteAccount(id: string, confirmEmail: string): Promise<void> {
  await keepingAnAdmin(async (tx) => {
    const user = await tx.user.findUnique({ where: { id }, select: { email: true } });
    if (!user) throw new AppError("not_found", "accountNotFound");
    if (confirmEmail.trim().toLowerCase() !== user.email) {
      throw new AppError("bad_request", "confirmEmailMismatch");
    }
    await tx.user.delete({ where: { id } });
  });
}

/** An admin-chosen password: the owner must replace it at the next sign-in, and every session ends. */
export async function resetPassword(id: string, password: string): Promise<void> {
  const passwordHash = await argon2.hash(password);
  const { count } = await getDb().user.updateMany({ where: { id }, data: { passwordHash, mustChangePassword: true } });
  if (count === 0) throw new AppError("not_found", "accountNotFound");
  await getDb().userSession.deleteMany({ where: { userId: id } });
}

/** The owner's own change: needs the current password; ends every other session. */
export async function changeOwnPassword(input: { userId: string; sessionId: string; current: string; next: string }): Promise<void> {
  const db = getDb();
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { passwordHash: true } });
  if (!user || !(await argon2.verify(user.passwordHash, input.current))) {
    throw new AppError("bad_request", "currentPasswordWrong");
  }
  if (input.current === input.next) throw new AppError("bad_request", "passwordUnchanged");
  const passwordHash = await argon2.hash(input.next);
  await db.$transaction([
    db.user.update({ where: { id: input.userId }, data: { passwordHash, mustChangePassword: false } }),
    db.userSession.deleteMany({ where: { userId: input.userId, id: { not: input.sessionId } } }),
  ]);
}

export async function updateProfile(userId: string, change: { name?: string; locale?: string }): Promise<PublicUser> {
  return getDb().user.update({ where: { id: userId }, data: change, select: publicFields });
}

/** titleModelId: the model that writes conversation titles; null: each conversation's own model. */
export type InstallSettings = { openSignUp: boolean; titleModelId: string | null };

export async function getSettings(): Promise<InstallSettings> {
  const row = await getDb().settings.findUnique({ where: { id: 1 } });
  return { openSignUp: row?.openSignUp ?? false, titleModelId: row?.titleModelId ?? null };
}

/** Changes the settings given; a title model that is not installed is refused (404), not stored. */
export async function updateSettings(changes: Partial<InstallSettings>): Promise<void> {
  if (changes.titleModelId) {
    const model = await getDb().model.findUnique({ where: { id: changes.titleModelId }, select: { id: true } });
    if (!model) throw new AppError("not_found", "modelNotFound");
  }
  await getDb().settings.upsert({ where: { id: 1 }, create: { id: 1, ...changes }, update: changes });
}

/** Open sign-up is checked before any password is hashed, so a closed Hearth does no work for strangers. */
/** Refuses a sign-up while it is closed: cheap, so the route calls it before reading a body or hashing. */
export async function assertSignUpAllowed(): Promise<void> {
  if ((await hasAnyUser()) && !(await getSettings()).openSignUp) throw new AppError("forbidden", "signupClosed");
}

export async function signUp(input: { email: string; name: string; password: string }): Promise<PublicUser> {
  if (!(await hasAnyUser())) return createFirstAdmin(input);
  await assertSignUpAllowed();
  return createUser({ ...input, role: "member", status: "pending" });
}
