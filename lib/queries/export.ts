// A member's conversations read for an export, in pages (keyset on createdAt + id), one conversation at a
// time in the Hearth JSON shape: a history of any size streams out without being held in memory at once.
import "server-only";
import { parentsFirst } from "../conversation-tree";
import { getDb } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { HearthConversation } from "../library/hearth-json";

/** Conversations read per query (their messages are read one conversation at a time). */
export const EXPORT_PAGE_SIZE = 100;

const conversationFields = {
  id: true,
  title: true,
  titleByUser: true,
  pinned: true,
  archivedAt: true,
  systemPrompt: true,
  sampling: true,
  createdAt: true,
  updatedAt: true,
  currentLeafId: true,
  model: { select: { name: true } },
} as const;

const messageFields = {
  id: true,
  parentId: true,
  role: true,
  content: true,
  status: true,
  createdAt: true,
  finishedAt: true,
  promptTokens: true,
  outputTokens: true,
  finishReason: true,
  model: { select: { name: true } },
} as const;

type ConversationRow = Prisma.ConversationGetPayload<{ select: typeof conversationFields }>;
type MessageRow = Prisma.MessageGetPayload<{ select: typeof messageFields }>;

function toHearth(row: ConversationRow, messages: MessageRow[]): HearthConversation {
  const sampling = row.sampling && typeof row.sampling === "object" && !Array.isArray(row.sampling) ? row.sampling : {};
  return {
    id: row.id,
    title: row.title,
    titleByUser: row.titleByUser,
    pinned: row.pinned,
    archived: row.archivedAt !== null,
    systemPrompt: row.systemPrompt,
    sampling,
    model: row.model?.name ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    currentMessageId: row.currentLeafId,
    messages: parentsFirst(messages).map((m) => ({
      id: m.id,
      parentId: m.parentId,
      role: m.role,
      content: m.content,
      status: m.status,
      model: m.model?.name ?? null,
      createdAt: m.createdAt.toISOString(),
      finishedAt: m.finishedAt?.toISOString() ?? null,
      promptTokens: m.promptTokens,
      outputTokens: m.outputTokens,
      finishReason: m.finishReason,
    })),
  };
}

/**
 * The member's conversations, oldest first, each with every message of every branch; with conversationId
 * only that one (nothing when it is not theirs). Conversations made through the API are included: an export
 * of everything is everything, whatever the sidebar shows.
 */
export async function* exportConversations(input: {
  userId: string;
  conversationId?: string;
  pageSize?: number;
}): AsyncGenerator<HearthConversation> {
  const db = getDb();
  const pageSize = input.pageSize ?? EXPORT_PAGE_SIZE;
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const where: Prisma.ConversationWhereInput = {
      userId: input.userId,
      ...(input.conversationId ? { id: input.conversationId } : {}),
      ...(after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {}),
    };
    const page = await db.conversation.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: conversationFields,
      take: pageSize,
    });
    if (page.length === 0) return;
    // One conversation's messages at a time: the most held at once is one conversation, however long.
    for (const row of page) {
      const messages = await db.message.findMany({
        where: { conversationId: row.id },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: messageFields,
      });
      yield toHearth(row, messages);
    }
    if (page.length < pageSize) return;
    const last = page.at(-1) as ConversationRow;
    after = { createdAt: last.createdAt, id: last.id };
  }
}
