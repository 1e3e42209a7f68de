// Session helpers for route handlers and server components. Role, status and the session version are read
// fresh from the database on every call, so disabling a member, changing a role, a password change or
// "end all sessions" takes effect at the next request.
import "server-only";
import { getServerSession } from "next-auth";
import { AppError } from "../errors";
import { bumpSessionVersion as bumpStoredSessionVersion, getSessionUser, type PublicUser } from "../queries/users";
import { authOptions } from "./options";

type SessionClaims = { id: string; sessionVersion: number };

async function sessionClaims(): Promise<SessionClaims | null> {
  const session = await getServerSession(authOptions);
  const user = session?.user as { id?: string; sessionVersion?: number } | undefined;
  return user?.id ? { id: user.id, sessionVersion: user.sessionVersion ?? -1 } : null;
}

/** The active account the session belongs to, or null when the session was ended since it was issued. */
async function loadUser(claims: SessionClaims): Promise<PublicUser | null> {
  const user = await getSessionUser(claims.id);
  if (!user || user.sessionVersion !== claims.sessionVersion) return null;
  const { sessionVersion: _version, ...publicUser } = user;
  return publicUser;
}

export async function currentUser(): Promise<PublicUser | null> {
  const claims = await sessionClaims();
  return claims ? loadUser(claims) : null;
}

/**
 * requireUser() and a read of the user's own data, side by side: the read starts while the account is
 * being checked, and its result is only returned once the account is known to be active.
 */
export async function requireUserWith<T>(
  load: (userId: string) => Promise<T>,
): Promise<{ user: PublicUser; data: T; stillValid: () => Promise<boolean> }> {
  const claims = await sessionClaims();
  if (!claims) throw new AppError("unauthorized", "signInRequired");
  const [user, data] = await Promise.all([loadUser(claims), load(claims.id)]);
  if (!user) throw new AppError("unauthorized", "signInRequired");
  // For long-lived responses (event streams): is this session still the account's, and the account active?
  const stillValid = async () => (await loadUser(claims)) !== null;
  return { user, data, stillValid };
}

export async function requireUser(): Promise<PublicUser> {
  const user = await currentUser();
  if (!user) throw new AppError("unauthorized", "signInRequired");
  return user;
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
