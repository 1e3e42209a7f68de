// Data access for conversations and messages. Every read of user data filters by the owner.
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

// Explicit times: inside one transaction the database's now() is the same for both rows.
function messageTimes() {
  const now = new Date();
  return { now, afterNow: new Date(now.getTime() + 1) };
}

export async function createConversation(input: { userId: string; modelId: string; content: string }) {
  const { now, afterNow } = messageTimes();
  return getDb().$transaction(async (tx) => {
    const conversation = await tx.conversation.create({
      data: { userId: input.userId, modelId: input.modelId, title: titleFrom(input.content) },
    });
    const user = await tx.message.create({
      data: { conversationId: conversation.id, role: "user", content: input.content, createdAt: now },
    });
    const assistant = await tx.message.create({
      data: {
        conversationId: conversation.id,
        role: "assistant",
        content: "",
        status: "queued",
        modelId: input.modelId,
        parentId: user.id,
        createdAt: afterNow,
      },
    });
    return { conversationId: conversation.id, userMessageId: user.id, assistantMessageId: assistant.id };
  });
}

export async function appendUserMessage(input: { userId: string; conversationId: string; content: string }) {
  const { now, afterNow } = messageTimes();
  return getDb().$transaction(async (tx) => {
    const conversation = await tx.conversation.findFirst({
      where: { id: input.conversationId, userId: input.userId },
      select: { id: true, modelId: true },
    });
    if (!conversation) throw new AppError("not_found", "Conversation not found.");
    const busy = await tx.message.findFirst({
      where: { conversationId: conversation.id, status: { in: ["queued", "generating"] } },
      select: { id: true },
    });
    if (busy) throw new AppError("conflict", "Wait for the current answer to finish, or stop it, before sending another message.");
    const last = await tx.message.findFirst({
      where: { conversationId: conversation.id },
      orderBy: { createdAt: "desc" },
      select: { id: true },
    });
    const user = await tx.message.create({
      data: {
        conversationId: conversation.id,
        role: "user",
        content: input.content,
        parentId: last?.id ?? null,
        createdAt: now,
      },
    });
    const assistant = await tx.message.create({
      data: {
        conversationId: conversation.id,
        role: "assistant",
        content: "",
        status: "queued",
        modelId: conversation.modelId,
        parentId: user.id,
        createdAt: afterNow,
      },
    });
    await tx.conversation.update({ where: { id: conversation.id }, data: { updatedAt: now } });
    return { conversationId: conversation.id, userMessageId: user.id, assistantMessageId: assistant.id, modelId: conversation.modelId };
  });
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

/** An assistant message, only if it belongs to the user. */
export async function getAssistantMessage({ messageId, userId }: { messageId: string; userId: string }) {
  return getDb().message.findFirst({
    where: { id: messageId, role: "assistant", conversation: { userId } },
    select: { ...messageFields, conversationId: true },
  });
}

export async function markMessageFailed(messageId: string, error: string): Promise<void> {
  await getDb().message.update({ where: { id: messageId }, data: { status: "failed", error, finishedAt: new Date() } });
}

export async function markMessageStopped(messageId: string): Promise<void> {
  await getDb().message.updateMany({
    where: { id: messageId, status: { in: ["queued", "generating"] } },
    data: { status: "stopped", finishedAt: new Date() },
  });
}
