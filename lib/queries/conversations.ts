// Data access for conversations and messages. Every read of user data filters by the owner.
import { randomUUID } from "node:crypto";
import { getDb } from "../db";
import { AppError } from "../errors";
import type { MessageStatus } from "../generated/prisma/client";

export type MessageView = {
  id: string;
  role: "system" | "user" | "assistant";
  content: string;
  status: MessageStatus;
  error: string | null;
  outputTokens: number | null;
  promptTokens: number | null;
  contextSize: number | null;
  tokensPerSec: number | null;
  firstTokenMs: number | null;
  createdAt: string;
};

export type ConversationView = {
  id: string;
  title: string;
  modelId: string | null;
  modelName: string | null;
  updatedAt: string;
  messages: MessageView[];
};

const messageFields = {
  id: true,
  role: true,
  content: true,
  status: true,
  error: true,
  outputTokens: true,
  promptTokens: true,
  contextSize: true,
  tokensPerSec: true,
  firstTokenMs: true,
  createdAt: true,
} as const;

export function titleFrom(content: string): string {
  const line = content.trim().split("\n")[0]?.trim() ?? "";
  return line.length > 60 ? `${line.slice(0, 57).trimEnd()}…` : line || "New chat";
}

// Sending a message sits on the path to the first token, so each send is one SQL statement (one round
// trip, atomic) instead of an interactive transaction of five or six. Times are explicit: within one
// statement the database's now() is the same for every row, and the answer must sort after the question.
function newMessageIds() {
  const now = new Date();
  return { userMessageId: randomUUID(), generationId: randomUUID(), now, afterNow: new Date(now.getTime() + 1) };
}

export async function createConversation(input: { userId: string; modelId: string; content: string }) {
  const { userMessageId, generationId, now, afterNow } = newMessageIds();
  const conversationId = randomUUID();
  await getDb().$executeRaw`
    WITH conversation AS (
      INSERT INTO "Conversation" (id, "userId", "modelId", title, "createdAt", "updatedAt")
      VALUES (${conversationId}, ${input.userId}, ${input.modelId}, ${titleFrom(input.content)}, ${now}, ${now})
      RETURNING id
    ), question AS (
      INSERT INTO "Message" (id, "conversationId", role, content, status, "createdAt", "updatedAt")
      SELECT ${userMessageId}, id, 'user', ${input.content}, 'done', ${now}, ${now} FROM conversation
      RETURNING id
    )
    INSERT INTO "Message" (id, "conversationId", role, content, status, "modelId", "parentId", "createdAt", "updatedAt")
    SELECT ${generationId}, conversation.id, 'assistant', '', 'queued', ${input.modelId}, question.id, ${afterNow}, ${afterNow}
    FROM conversation, question`;
  return { conversationId, userMessageId, generationId };
}

export async function appendUserMessage(input: { userId: string; conversationId: string; content: string }) {
  const { userMessageId, generationId, now, afterNow } = newMessageIds();
  const rows = await getDb().$queryRaw<{ owned: boolean; modelId: string | null; inserted: string | null }[]>`
    WITH owned AS (
      SELECT id, "modelId" FROM "Conversation" WHERE id = ${input.conversationId} AND "userId" = ${input.userId}
    ), idle AS (
      SELECT owned.* FROM owned WHERE NOT EXISTS (
        SELECT 1 FROM "Message" m WHERE m."conversationId" = owned.id AND m.status IN ('queued', 'generating'))
    ), previous AS (
      SELECT m.id FROM "Message" m JOIN idle ON m."conversationId" = idle.id ORDER BY m."createdAt" DESC LIMIT 1
    ), question AS (
      INSERT INTO "Message" (id, "conversationId", role, content, status, "parentId", "createdAt", "updatedAt")
      SELECT ${userMessageId}, idle.id, 'user', ${input.content}, 'done', (SELECT id FROM previous), ${now}, ${now} FROM idle
      RETURNING id
    ), answer AS (
      INSERT INTO "Message" (id, "conversationId", role, content, status, "modelId", "parentId", "createdAt", "updatedAt")
      SELECT ${generationId}, idle.id, 'assistant', '', 'queued', idle."modelId", question.id, ${afterNow}, ${afterNow}
      FROM idle, question
      RETURNING id
    ), touched AS (
      UPDATE "Conversation" c SET "updatedAt" = ${now} FROM idle WHERE c.id = idle.id RETURNING c.id
    )
    SELECT EXISTS (SELECT 1 FROM owned) AS owned, (SELECT "modelId" FROM owned) AS "modelId",
      (SELECT id FROM answer) AS inserted, (SELECT count(*) FROM touched) AS touched`;
  const result = rows[0];
  if (!result?.owned) throw new AppError("not_found", "Conversation not found.");
  if (!result.inserted)
    throw new AppError("conflict", "Wait for the current answer to finish, or stop it, before sending another message.");
  return { conversationId: input.conversationId, userMessageId, generationId, modelId: result.modelId };
}

export async function listConversations({ userId }: { userId: string }) {
  const rows = await getDb().conversation.findMany({
    where: { userId },
    orderBy: { updatedAt: "desc" },
    select: { id: true, title: true, updatedAt: true },
    take: 500,
  });
  return rows.map((r) => ({ id: r.id, title: r.title, updatedAt: r.updatedAt.toISOString() }));
}

export async function getConversation({ id, userId }: { id: string; userId: string }): Promise<ConversationView | null> {
  const row = await getDb().conversation.findFirst({
    where: { id, userId },
    include: {
      model: { select: { name: true } },
      messages: { orderBy: { createdAt: "asc" }, select: messageFields },
    },
  });
  if (!row) return null;
  return {
    id: row.id,
    title: row.title,
    modelId: row.modelId,
    modelName: row.model?.name ?? null,
    updatedAt: row.updatedAt.toISOString(),
    messages: row.messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
  };
}

/** Deletes the user's conversation and its messages; false when there is no such conversation of theirs. */
export async function deleteConversation({ id, userId }: { id: string; userId: string }): Promise<boolean> {
  const { count } = await getDb().conversation.deleteMany({ where: { id, userId } });
  return count > 0;
}
