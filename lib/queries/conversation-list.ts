// The sidebar's list of a member's conversations: pinned ones first, the rest newest activity first, in
// pages (keyset on updatedAt + id, so page 200 costs what page 1 does), archived ones in a list of their own.
// Each conversation is listed once: pinned ones under Pinned, others in their folder's list or the dated list.
import "server-only";
import { getDb } from "../db";
import type { Prisma } from "../generated/prisma/client";

export type ConversationLink = {
  id: string;
  title: string;
  updatedAt: string;
  pinned: boolean;
  archived: boolean;
  folderId: string | null;
};
export type ConversationPage = { pinned: ConversationLink[]; conversations: ConversationLink[]; nextCursor: string | null };

export const CONVERSATION_PAGE_SIZE = 50;
/** Pinned conversations all come with the first page; a member pins a handful, never thousands. */
const MAX_PINNED = 200;

const linkFields = { id: true, title: true, updatedAt: true, pinned: true, archivedAt: true, folderId: true } as const;

type LinkRow = { id: string; title: string; updatedAt: Date; pinned: boolean; archivedAt: Date | null; folderId: string | null };

function toLink({ archivedAt, updatedAt, ...row }: LinkRow): ConversationLink {
  return { ...row, updatedAt: updatedAt.toISOString(), archived: archivedAt !== null };
}

/** A cursor is the last row's updatedAt and id; anything else is treated as the first page. */
function parseCursor(cursor: string | null | undefined): { updatedAt: Date; id: string } | null {
  const match = cursor?.match(/^(\d+)_([\w-]{1,64})$/);
  if (!match?.[1] || !match[2]) return null;
  return { updatedAt: new Date(Number(match[1])), id: match[2] };
}

/** Which list: the archived one (every folder's), one folder's unpinned conversations, or the dated list (no folder). */
function listWhere(input: { archived: boolean; folderId?: string | null }): Prisma.ConversationWhereInput {
  if (input.archived) return { archivedAt: { not: null } };
  return { archivedAt: null, pinned: false, folderId: input.folderId ?? null };
}

export async function listConversations(input: {
  userId: string;
  /** The owner's choice to see conversations made through /v1 (the caller has the user already). */
  showApi: boolean;
  archived?: boolean;
  /** One of the member's folders (another's lists nothing: every row is filtered by the owner too). */
  folderId?: string | null;
  cursor?: string | null;
  limit?: number;
}): Promise<ConversationPage> {
  const limit = Math.min(Math.max(input.limit ?? CONVERSATION_PAGE_SIZE, 1), 200);
  const archived = input.archived ?? false;
  const after = parseCursor(input.cursor);
  const hideApi = input.showApi ? {} : { fromApi: false };
  const where: Prisma.ConversationWhereInput = {
    userId: input.userId,
    ...hideApi,
    ...listWhere({ archived, folderId: input.folderId }),
    ...(after ? { OR: [{ updatedAt: { lt: after.updatedAt } }, { updatedAt: after.updatedAt, id: { lt: after.id } }] } : {}),
  };
  const [rows, pinned] = await Promise.all([
    getDb().conversation.findMany({
      where,
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      select: linkFields,
      take: limit + 1,
    }),
    archived || after || input.folderId
      ? Promise.resolve([])
      : getDb().conversation.findMany({
          where: { userId: input.userId, archivedAt: null, pinned: true, ...hideApi },
          orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
          select: linkFields,
          take: MAX_PINNED,
        }),
  ]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? `${last.updatedAt.getTime()}_${last.id}` : null;
  return { pinned: pinned.map(toLink), conversations: page.map(toLink), nextCursor };
}

/** Rename, pin or archive one of the member's conversations; false when it is not theirs. */
export async function organiseConversation(input: {
  userId: string;
  conversationId: string;
  title?: string;
  pinned?: boolean;
  archived?: boolean;
}): Promise<boolean> {
  const data: Prisma.ConversationUpdateManyMutationInput = {};
  if (input.title !== undefined) Object.assign(data, { title: input.title, titleByUser: true });
  if (input.pinned !== undefined) data.pinned = input.pinned;
  if (input.archived !== undefined) data.archivedAt = input.archived ? new Date() : null;
  // Organising is not activity: the conversation keeps its place among the dated groups.
  const { count } = await getDb().$transaction(async (tx) => {
    const current = await tx.conversation.findFirst({
      where: { id: input.conversationId, userId: input.userId },
      select: { updatedAt: true },
    });
    if (!current) return { count: 0 };
    return tx.conversation.updateMany({
      where: { id: input.conversationId, userId: input.userId },
      data: { ...data, updatedAt: current.updatedAt },
    });
  });
  return count > 0;
}
