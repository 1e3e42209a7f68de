// Stores one imported conversation whole, in one transaction: a conversation that fails leaves nothing, and
// one already imported (same source and original id, for this member) is found and not added again.
import "server-only";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { getDb } from "../../db";
import { getEnv } from "../../env";
import { getLogger } from "../../log";
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
 * The connections an import stores with: the pg driver itself, not Prisma. Prisma's client kept each statement's
 * parameters (a whole conversation as JSON) alive long enough to reach the old heap: a 40 MB export grew the server's
 * memory by 92–111 MB through Prisma and by 39 MB through pg, which was also faster (11.7–15.2 s → 9.5 s).
 */
export function openImportConnections(size: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: getEnv().DATABASE_URL, max: size });
  // An idle connection the server drops (a restart) must not take the web server down: the next store fails instead.
  pool.on("error", (error) => getLogger().warn({ err: error }, "import connection lost"));
  return pool;
}

const STORE_CONVERSATION = `
  WITH conversation AS (
    INSERT INTO "Conversation" (id, "userId", "importKey", title, "titleByUser", pinned, "archivedAt", "systemPrompt", "modelId",
      "currentLeafId", "createdAt", "updatedAt")
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
    ON CONFLICT ("userId", "importKey") DO NOTHING
    RETURNING id
  ), messages AS (
    INSERT INTO "Message" (id, "conversationId", "userId", "parentId", role, content, status, "modelId", "createdAt", "updatedAt", "finishedAt")
    SELECT m.id, conversation.id, $2, m."parentId", m.role, m.content, m.status, m."modelId", m."createdAt", m."createdAt", m."finishedAt"
    FROM conversation, jsonb_to_recordset($13::jsonb) AS m(id text, "parentId" text, role "MessageRole", content text,
      status "MessageStatus", "modelId" text, "createdAt" timestamp(3), "finishedAt" timestamp(3))
    RETURNING 1
  )
  SELECT count(*)::int AS stored FROM conversation`;

/** A time for a timestamp column (without time zone): UTC, as Prisma writes them. */
const utc = (date: Date | null) => date?.toISOString() ?? null;

/**
 * One statement per conversation: atomic (a conversation is stored whole or not at all) and one round trip.
 * ON CONFLICT on the member's import key makes a second import of the same conversation add nothing, even
 * when two imports of one file run at once.
 */
export async function storeConversation(input: {
  db: pg.Pool;
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
  const result = await input.db.query<{ stored: number }>(STORE_CONVERSATION, [
    conversationId,
    userId,
    importKey(conversation),
    title,
    conversation.titleByUser,
    conversation.pinned,
    utc(conversation.archived ? conversation.updatedAt : null),
    conversation.systemPrompt,
    modelId,
    leaf >= 0 ? (rows[leaf]?.id ?? null) : null,
    utc(conversation.createdAt),
    utc(conversation.updatedAt),
    JSON.stringify(rows),
  ]);
  return (result.rows[0]?.stored ?? 0) > 0 ? "imported" : "duplicate";
}
