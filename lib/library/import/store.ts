// Stores one imported conversation whole, in one transaction: a conversation that fails leaves nothing, and
// one already imported (same source and original id, for this member) is found and not added again.
import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { titleFrom } from "../../queries/conversations";
import type { ImportedConversation } from "./conversation";

const TITLE_MAX = 200;
const ROWS_PER_INSERT = 1000;

export function importKey(conversation: ImportedConversation): string {
  return `${conversation.format}:${conversation.sourceId}`.slice(0, 400);
}

/** Installed models by lower-cased name, to link what the export names; the rest is reported. */
export type ModelIndex = Map<string, string>;

export async function installedModels(): Promise<ModelIndex> {
  const rows = await getDb().model.findMany({ select: { id: true, name: true } });
  return new Map(rows.map((row) => [row.name.toLowerCase(), row.id]));
}

function fallbackTitle(conversation: ImportedConversation): string {
  const firstQuestion = conversation.messages.find((m) => m.role === "user");
  return titleFrom(firstQuestion?.content ?? "");
}

/** The rows to insert: new ids, parents mapped, each message after its parent in time (the UI sorts by it). */
function messageRows(conversation: ImportedConversation, conversationId: string, models: ModelIndex) {
  const ids = new Map<string, { id: string; createdAt: Date }>();
  return conversation.messages.map((message) => {
    const parent = message.parentId ? ids.get(message.parentId) : undefined;
    const createdAt = parent && message.createdAt <= parent.createdAt ? new Date(parent.createdAt.getTime() + 1) : message.createdAt;
    const id = randomUUID();
    ids.set(message.sourceId, { id, createdAt });
    return {
      id,
      conversationId,
      parentId: parent?.id ?? null,
      role: message.role,
      content: message.content,
      status: message.status,
      modelId: message.modelName ? (models.get(message.modelName.toLowerCase()) ?? null) : null,
      createdAt,
      updatedAt: createdAt,
      finishedAt: message.finishedAt && message.finishedAt < createdAt ? createdAt : message.finishedAt,
    };
  });
}

export async function storeConversation(input: {
  userId: string;
  conversation: ImportedConversation;
  models: ModelIndex;
}): Promise<"imported" | "duplicate"> {
  const { userId, conversation, models } = input;
  const key = importKey(conversation);
  const db = getDb();
  if (await db.conversation.findFirst({ where: { userId, importKey: key }, select: { id: true } })) return "duplicate";
  const conversationId = randomUUID();
  const rows = messageRows(conversation, conversationId, models);
  const leaf = conversation.currentSourceId ? conversation.messages.findIndex((m) => m.sourceId === conversation.currentSourceId) : -1;
  const chunks = Array.from({ length: Math.ceil(rows.length / ROWS_PER_INSERT) }, (_, i) =>
    rows.slice(i * ROWS_PER_INSERT, (i + 1) * ROWS_PER_INSERT),
  );
  try {
    await db.$transaction([
      db.conversation.create({
        data: {
          id: conversationId,
          userId,
          importKey: key,
          title: (conversation.title || fallbackTitle(conversation)).slice(0, TITLE_MAX),
          titleByUser: conversation.titleByUser,
          pinned: conversation.pinned,
          archivedAt: conversation.archived ? conversation.updatedAt : null,
          systemPrompt: conversation.systemPrompt,
          modelId: conversation.modelName ? (models.get(conversation.modelName.toLowerCase()) ?? null) : null,
          currentLeafId: leaf >= 0 ? (rows[leaf]?.id ?? null) : null,
          createdAt: conversation.createdAt,
          updatedAt: conversation.updatedAt,
        },
      }),
      ...chunks.map((data) => db.message.createMany({ data })),
    ]);
    return "imported";
  } catch (error) {
    // The same file imported twice at once: the other import stored it first.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return "duplicate";
    throw error;
  }
}
