// Session helpers for route handlers and server components. The account, its session version and the
// browser's session row are read fresh from the database on every call, so disabling a member, ending a
// session, a password change or changing a role takes effect at the next request.
import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { AppError } from "../errors";
import { sessionUser } from "../queries/sessions";
import { bumpSessionVersion as bumpStoredSessionVersion, type PublicUser } from "../queries/users";
import { authOptions } from "./options";

export type SessionRef = { userId: string; sessionId: string; sessionVersion: number };

export async function sessionRef(): Promise<SessionRef | null> {
  const session = await getServerSession(authOptions);
  const user = session?.user as { id?: string; sessionId?: string; sessionVersion?: number } | undefined;
  return user?.id && user.sessionId ? { userId: user.id, sessionId: user.sessionId, sessionVersion: user.sessionVersion ?? -1 } : null;
}

function loadUser(ref: SessionRef): Promise<PublicUser | null> {
  return sessionUser(ref.userId, ref.sessionId, ref.sessionVersion);
}

/** The signed-in user. Read once per page render (the layouts and the page share it), fresh on every request. */
export const currentUser = cache(async (): Promise<PublicUser | null> => {
  const ref = await sessionRef();
  return ref ? loadUser(ref) : null;
});

/** Whether the browser's session still stands; for long-lived responses such as event streams. */
export async function sessionStillValid(ref: SessionRef): Promise<boolean> {
  return (await loadUser(ref)) !== null;
}

const signIn = () => new AppError("unauthorized", "signInRequired");

function usable(user: PublicUser | null, options?: RequireOptions): PublicUser {
  if (!user) throw signIn();
  if (user.mustChangePassword && !options?.beforePasswordChange) {
    throw new AppError("forbidden", "mustChangePassword");
  }
  return user;
}

type RequireOptions = { beforePasswordChange?: boolean };

/**
 * requireUser() and a read of the user's own data, side by side: the read starts while the account is
 * being checked, and its result is only returned once the account is known to be active.
 */
export async function requireUserWith<T>(
  load: (userId: string) => Promise<T>,
): Promise<{ user: PublicUser; data: T; session: SessionRef; stillValid: () => Promise<boolean> }> {
  const ref = await sessionRef();
  if (!ref) throw signIn();
  const [user, data] = await Promise.all([loadUser(ref), load(ref.userId)]);
  return { user: usable(user), data, session: ref, stillValid: () => sessionStillValid(ref) };
}

export async function requireSession(options?: RequireOptions): Promise<{ user: PublicUser; session: SessionRef }> {
  const ref = await sessionRef();
  if (!ref) throw signIn();
  return { user: usable(await loadUser(ref), options), session: ref };
}

export async function requireUser(options?: RequireOptions): Promise<PublicUser> {
  return (await requireSession(options)).user;
}

export async function requireAdmin(): Promise<PublicUser> {
  const user = await requireUser();
  if (user.role !== "admin") throw new AppError("forbidden", "adminOnly");
  return user;
}

/** Ends every session of the account at its next request, open event streams included. */
export async function bumpSessionVersion(userId: string): Promise<number> {
  return bumpStoredSessionVersion(userId);
}
