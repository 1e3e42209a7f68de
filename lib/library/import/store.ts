// Stores one imported conversation whole, in one transaction: a conversation that fails leaves nothing, and
// one already imported (same source and original id, for this member) is found and not added again.
import "server-only";
import { randomUUID } from "node:crypto";
import { getDb } from "../../db";
import { titleFrom } from "../../queries/conversations";
import type { ImportedConversation } from "./conversation";

const TITLE_MAX = 200;

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
      finishedAt: message.finishedAt && message.finishedAt < createdAt ? createdAt : message.finishedAt,
    };
  });
}

/**
 * One statement per conversation: atomic (a conversation is stored whole or not at all) and one round trip.
 * ON CONFLICT on the member's import key makes a second import of the same conversation add nothing, even
 * when two imports of one file run at once.
 */
export async function storeConversation(input: {
  userId: string;
  conversation: ImportedConversation;
  models: ModelIndex;
}): Promise<"imported" | "duplicate"> {
  const { userId, conversation, models } = input;
  const conversationId = randomUUID();
  const rows = messageRows(conversation, conversationId, models);
  const leaf = conversation.currentSourceId ? conversation.messages.findIndex((m) => m.sourceId === conversation.currentSourceId) : -1;
  const title = (conversation.title || fallbackTitle(conversation)).slice(0, TITLE_MAX);
  const modelId = conversation.modelName ? (models.get(conversation.modelName.toLowerCase()) ?? null) : null;
  const messages = JSON.stringify(rows);
  const [result] = await getDb().$queryRaw<{ stored: bigint }[]>`
    WITH conversation AS (
      INSERT INTO "Conversation" (id, "userId", "importKey", title, "titleByUser", pinned, "archivedAt", "systemPrompt", "modelId",
        "currentLeafId", "createdAt", "updatedAt")
      VALUES (${conversationId}, ${userId}, ${importKey(conversation)}, ${title}, ${conversation.titleByUser}, ${conversation.pinned},
        ${conversation.archived ? conversation.updatedAt : null}, ${conversation.systemPrompt}, ${modelId},
        ${leaf >= 0 ? (rows[leaf]?.id ?? null) : null}, ${conversation.createdAt}, ${conversation.updatedAt})
      ON CONFLICT ("userId", "importKey") DO NOTHING
      RETURNING id
    ), messages AS (
      INSERT INTO "Message" (id, "conversationId", "userId", "parentId", role, content, status, "modelId", "createdAt", "updatedAt", "finishedAt")
      SELECT m.id, conversation.id, ${userId}, m."parentId", m.role, m.content, m.status, m."modelId", m."createdAt", m."createdAt", m."finishedAt"
      FROM conversation, jsonb_to_recordset(${messages}::jsonb) AS m(id text, "parentId" text, role "MessageRole", content text,
        status "MessageStatus", "modelId" text, "createdAt" timestamp(3), "finishedAt" timestamp(3))
      RETURNING 1
    )
    SELECT count(*) AS stored FROM conversation`;
  return Number(result?.stored ?? 0) > 0 ? "imported" : "duplicate";
}
