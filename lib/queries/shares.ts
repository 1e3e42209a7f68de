// Share links: made by a conversation's owner, read by any signed-in member, revoked by the owner.
import "server-only";
import { getDb } from "../db";
import { AppError } from "../errors";
import { branchOnScreen, hashShareToken, newShareToken, readSnapshot } from "../shares/snapshot";
import { getConversation } from "./conversations";

export async function mayShare(role: string): Promise<boolean> {
  if (role !== "child") return true;
  const row = await getDb().settings.findUnique({ where: { id: 1 } });
  return row?.sharesForChildren ?? false;
}

export async function setSharesForChildren(allowed: boolean): Promise<void> {
  await getDb().settings.upsert({
    where: { id: 1 },
    create: { id: 1, sharesForChildren: allowed },
    update: { sharesForChildren: allowed },
  });
}

/** Freezes the owner's branch on screen now; later messages are not part of it. Returns the token, shown once. */
export async function createShare(input: { userId: string; conversationId: string }): Promise<{ id: string; token: string }> {
  const conversation = await getConversation({ id: input.conversationId, userId: input.userId });
  if (!conversation) throw new AppError("not_found", "conversationNotFound");
  const snapshot = branchOnScreen(conversation.messages, conversation.currentLeafId);
  const token = newShareToken();
  const share = await getDb().share.create({
    data: { userId: input.userId, conversationId: conversation.id, tokenHash: hashShareToken(token), title: conversation.title, snapshot },
    select: { id: true },
  });
  return { id: share.id, token };
}

export async function listShares(userId: string) {
  const rows = await getDb().share.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, title: true, conversationId: true, createdAt: true },
  });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** Revoking deletes the share: its link is a 404 from then on. */
export async function revokeShare({ id, userId }: { id: string; userId: string }): Promise<boolean> {
  const { count } = await getDb().share.deleteMany({ where: { id, userId } });
  return count > 0;
}

/** The snapshot behind a link, with its sharer's name; null for an unknown or revoked link. */
export async function readShare(token: string) {
  if (token.length > 100) return null;
  const row = await getDb().share.findUnique({
    where: { tokenHash: hashShareToken(token) },
    select: { title: true, createdAt: true, snapshot: true, user: { select: { name: true } } },
  });
  if (!row) return null;
  return { title: row.title, createdAt: row.createdAt.toISOString(), sharedBy: row.user.name, messages: readSnapshot(row.snapshot) };
}
