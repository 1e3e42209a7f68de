// Session helpers for route handlers and server components. Role and status are read fresh from the
// database on every call, so disabling a member or changing a role takes effect at once.
import { getServerSession } from "next-auth";
import { AppError } from "../errors";
import { getActiveUser, type PublicUser } from "../queries/users";
import { authOptions } from "./options";

export async function currentUser(): Promise<PublicUser | null> {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  return id ? getActiveUser(id) : null;
}

export async function requireUser(): Promise<PublicUser> {
  const user = await currentUser();
  if (!user) throw new AppError("unauthorized", "Please sign in.");
  return user;
}

export async function requireAdmin(): Promise<PublicUser> {
  const user = await requireUser();
  if (user.role !== "admin") throw new AppError("forbidden", "Only an admin can do that.");
  return user;
}
