// The worker's reads and writes of a generation (an assistant message and the turns before it).
import { getDb } from "../db";

export type Turn = { role: "system" | "user" | "assistant"; content: string };

/**
 * Claims an unfinished answer for a new attempt and returns the turns before it, in one round trip:
 * this sits on the path to the first token. Null when the answer is already final (or gone).
 */
export async function claimGeneration(messageId: string): Promise<{ attempt: number; turns: Turn[] } | null> {
  const rows = await getDb().$queryRaw<{ attempts: number; role: Turn["role"] | null; content: string | null; status: string | null }[]>`
    WITH claimed AS (
      UPDATE "Message" SET status = 'generating', attempts = attempts + 1, content = '', "updatedAt" = now()
      WHERE id = ${messageId} AND role = 'assistant' AND status IN ('queued', 'generating')
      RETURNING attempts, "conversationId", "createdAt"
    )
    SELECT c.attempts, m.role, m.content, m.status
    FROM claimed c
    LEFT JOIN "Message" m ON m."conversationId" = c."conversationId" AND m."createdAt" < c."createdAt"
    ORDER BY m."createdAt" ASC`;
  const first = rows[0];
  if (!first) return null;
  const turns = rows.flatMap((r) =>
    // Failed or empty answers carry nothing the model should see again.
    r.role && r.content !== null && (r.role !== "assistant" || (r.status !== "failed" && r.content.length > 0))
      ? [{ role: r.role, content: r.content }]
      : [],
  );
  return { attempt: first.attempts, turns };
}

/** Writes of an attempt only land while it is the message's current attempt: a superseded one can't clobber it. */
export async function savePartial(messageId: string, attempt: number, content: string): Promise<void> {
  await getDb().message.updateMany({ where: { id: messageId, attempts: attempt, status: "generating" }, data: { content } });
}

/** False when the attempt was superseded (or the answer already final): then nothing was written. */
export async function saveFinal(
  messageId: string,
  attempt: number,
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
): Promise<boolean> {
  const db = getDb();
  const { count } = await db.message.updateMany({
    where: { id: messageId, attempts: attempt, status: { in: ["queued", "generating"] } },
    data: { ...data, finishedAt: new Date() },
  });
  if (count === 0) return false;
  await db.conversation.updateMany({ where: { messages: { some: { id: messageId } } }, data: { updatedAt: new Date() } });
  return true;
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
