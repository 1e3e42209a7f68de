// Generated conversation titles: which conversations get one, what it is made from, and the write that never
// overrides a member's own name. The worker is the only caller; conversations are addressed by id alone.
import "server-only";
import { getDb } from "../db";

/**
 * A title is generated once, after a conversation's first answer: the conversation is the member's own (not made
 * through /v1, whose caller named nothing and sees no sidebar), not yet named by them, and this is its only done answer.
 */
export async function wantsGeneratedTitle(conversationId: string): Promise<boolean> {
  const conversation = await getDb().conversation.findUnique({
    where: { id: conversationId },
    select: { titleByUser: true, fromApi: true, _count: { select: { messages: { where: { role: "assistant", status: "done" } } } } },
  });
  return Boolean(conversation && !conversation.titleByUser && !conversation.fromApi && conversation._count.messages === 1);
}

export type TitleSource = { question: string; answer: string; modelId: string | null };

/**
 * The first question and its first done answer, and the model to ask (the admin's title model, else the
 * conversation's); "named" when the member already named it, null when there is nothing to title.
 */
export async function titleSource(conversationId: string): Promise<TitleSource | "named" | null> {
  const db = getDb();
  const [conversation, settings] = await Promise.all([
    db.conversation.findUnique({ where: { id: conversationId }, select: { titleByUser: true, modelId: true } }),
    db.settings.findUnique({ where: { id: 1 }, select: { titleModelId: true } }),
  ]);
  if (!conversation) return null;
  if (conversation.titleByUser) return "named";
  const answer = await db.message.findFirst({
    where: { conversationId, role: "assistant", status: "done" },
    orderBy: { createdAt: "asc" },
    select: { content: true, modelId: true, parentId: true },
  });
  if (!answer?.parentId) return null;
  const question = await db.message.findFirst({ where: { id: answer.parentId, conversationId, role: "user" }, select: { content: true } });
  if (!question) return null;
  return {
    question: question.content,
    answer: answer.content,
    modelId: settings?.titleModelId ?? answer.modelId ?? conversation.modelId,
  };
}

/**
 * Stores a generated title unless the member named the conversation meanwhile: the check is in the UPDATE itself, so
 * a rename that lands between reading and writing still wins. Not activity: updatedAt (the sidebar's order) stays.
 */
export async function saveGeneratedTitle(input: { conversationId: string; title: string }): Promise<boolean> {
  const count = await getDb().$executeRaw`
    UPDATE "Conversation" SET title = ${input.title} WHERE id = ${input.conversationId} AND "titleByUser" = false`;
  return count > 0;
}
