// The worker's reads and writes of a generation (an assistant message and the turns before it).
import { getDb } from "../db";

export async function getGenerationInput(messageId: string) {
  const db = getDb();
  const message = await db.message.findUnique({
    where: { id: messageId },
    select: { id: true, status: true, role: true, conversationId: true, createdAt: true, attempts: true },
  });
  if (message?.role !== "assistant") return null;
  const turns = await db.message.findMany({
    where: { conversationId: message.conversationId, createdAt: { lt: message.createdAt } },
    orderBy: { createdAt: "asc" },
    select: { role: true, content: true, status: true },
  });
  return {
    message,
    // Failed or empty answers carry nothing the model should see again.
    turns: turns.filter((t) => t.role !== "assistant" || (t.status !== "failed" && t.content.length > 0)),
  };
}

/** Claims the message for an attempt; returns the attempt number, or null when it is already final. */
export async function startAttempt(messageId: string): Promise<number | null> {
  const rows = await getDb().$queryRaw<{ attempts: number }[]>`
    UPDATE "Message" SET status = 'generating', attempts = attempts + 1, content = '', "updatedAt" = now()
    WHERE id = ${messageId} AND status IN ('queued', 'generating')
    RETURNING attempts`;
  return rows[0]?.attempts ?? null;
}

export async function savePartial(messageId: string, content: string): Promise<void> {
  await getDb().message.updateMany({ where: { id: messageId, status: "generating" }, data: { content } });
}

export async function saveFinal(
  messageId: string,
  data: {
    status: "done" | "stopped" | "failed";
    content: string;
    error?: string | null;
    promptTokens?: number | null;
    contextSize?: number | null;
    outputTokens?: number | null;
    firstTokenMs?: number | null;
    tokensPerSec?: number | null;
  },
): Promise<void> {
  await getDb().message.update({
    where: { id: messageId },
    data: { ...data, finishedAt: new Date() },
  });
  const message = await getDb().message.findUnique({ where: { id: messageId }, select: { conversationId: true } });
  if (message) await getDb().conversation.update({ where: { id: message.conversationId }, data: { updatedAt: new Date() } });
}

/** Answers still waiting or generating that have not changed for a while: candidates for recovery. */
export async function listStaleGenerations(olderThanMs: number) {
  const rows = await getDb().message.findMany({
    where: { role: "assistant", status: { in: ["queued", "generating"] }, updatedAt: { lt: new Date(Date.now() - olderThanMs) } },
    select: { id: true, conversationId: true, modelId: true, conversation: { select: { userId: true, modelId: true } } },
    take: 500,
  });
  return rows.map((r) => ({
    messageId: r.id,
    conversationId: r.conversationId,
    userId: r.conversation.userId,
    modelId: r.modelId ?? r.conversation.modelId,
  }));
}
