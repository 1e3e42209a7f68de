// Session helpers for route handlers and server components. Role and status are read fresh from the
// database on every call, so disabling a member or changing a role takes effect at once.
import "server-only";
import { getServerSession } from "next-auth";
import { AppError } from "../errors";
import { getActiveUser, type PublicUser } from "../queries/users";
import { authOptions } from "./options";

async function sessionUserId(): Promise<string | null> {
  const session = await getServerSession(authOptions);
  return (session?.user as { id?: string } | undefined)?.id ?? null;
}

export async function currentUser(): Promise<PublicUser | null> {
  const id = await sessionUserId();
  return id ? getActiveUser(id) : null;
}

/**
 * requireUser() and a read of the user's own data, side by side: the read starts while the account is
 * being checked, and its result is only returned once the account is known to be active.
 */
export async function requireUserWith<T>(load: (userId: string) => Promise<T>): Promise<{ user: PublicUser; data: T }> {
  const id = await sessionUserId();
  if (!id) throw new AppError("unauthorized", "signInRequired");
  const [user, data] = await Promise.all([getActiveUser(id), load(id)]);
  if (!user) throw new AppError("unauthorized", "signInRequired");
  return { user, data };
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
