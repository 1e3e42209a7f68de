// Data access for conversations and messages. Every read of user data filters by the owner.
import "server-only";
import { randomUUID } from "node:crypto";
import { type Sampling, type StoredSampling, samplingSchema } from "../conversation-settings";
import { getDb } from "../db";
import { type AnswerSources, parseAnswerSources } from "../documents/sources";
import { AppError } from "../errors";
import type { MessageStatus } from "../generated/prisma/client";
import type { Turn } from "../generations/store";
import type { Db } from "./member-lock";
import { messageUsageSql, serverTimeZone } from "./usage";

export type MessageView = {
  id: string;
  /** The message this one follows; siblings (same parent) are the branches of an edit or a regenerate. */
  parentId: string | null;
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
  finishedAt: string | null;
  /** The model that wrote an answer (null for a question, or when that model was deleted since). */
  modelName: string | null;
  /** The passages of the member's files the answer was given; null when the conversation had none. */
  sources: AnswerSources | null;
};

export type ConversationView = {
  id: string;
  title: string;
  modelId: string | null;
  modelName: string | null;
  updatedAt: string;
  /** The end of the branch on screen; null for conversations from before branches (then: the newest message). */
  currentLeafId: string | null;
  systemPrompt: string | null;
  sampling: Sampling;
  /** Every message of every branch, oldest first. */
  messages: MessageView[];
};

const messageFields = {
  id: true,
  parentId: true,
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
  finishedAt: true,
  sources: true,
  model: { select: { name: true } },
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

/** A new conversation's first message, its settings, and (from /v1) the turns it arrives with. */
type NewConversation = {
  userId: string;
  modelId: string;
  content: string;
  systemPrompt?: string | null;
  sampling?: StoredSampling;
  history?: Turn[];
  /** Assistant turns after the user's message (a /v1 request's function calls and their results): the answer continues them. */
  tail?: Turn[];
  fromApi?: boolean;
};

export async function createConversation(input: NewConversation, db: Db = getDb()) {
  if (input.history?.length || input.tail?.length) return createConversationWithHistory({ ...input, history: input.history ?? [] }, db);
  const { userMessageId, generationId, now, afterNow } = newMessageIds();
  const conversationId = randomUUID();
  const sampling = JSON.stringify(input.sampling ?? {});
  await db.$executeRaw`
    WITH conversation AS (
      INSERT INTO "Conversation" (id, "userId", "modelId", title, "currentLeafId", "systemPrompt", sampling, "fromApi", "createdAt", "updatedAt")
      VALUES (${conversationId}, ${input.userId}, ${input.modelId}, ${titleFrom(input.content)}, ${generationId},
        ${input.systemPrompt ?? null}, ${sampling}::jsonb, ${input.fromApi ?? false}, ${now}, ${now})
      RETURNING id
    ), question AS (
      INSERT INTO "Message" (id, "conversationId", "userId", role, content, status, "createdAt", "updatedAt")
      SELECT ${userMessageId}, id, ${input.userId}, 'user', ${input.content}, 'done', ${now}, ${now} FROM conversation
      RETURNING id
    )
    INSERT INTO "Message" (id, "conversationId", "userId", role, content, status, "modelId", "parentId", "createdAt", "updatedAt")
    SELECT ${generationId}, conversation.id, ${input.userId}, 'assistant', '', 'queued', ${input.modelId}, question.id, ${afterNow}, ${afterNow}
    FROM conversation, question`;
  return { conversationId, userMessageId, generationId };
}

/**
 * A new conversation that starts with earlier turns (a /v1 request brings them): the turns as one branch,
 * each following the one before, then the user's message and its queued generation. One transaction, so
 * nobody sees a conversation with half its turns.
 */
async function createConversationWithHistory(input: NewConversation & { history: Turn[] }, db: Db) {
  const { userMessageId, generationId, now } = newMessageIds();
  const conversationId = randomUUID();
  const turns = input.history.filter((t) => t.role !== "system");
  const question: Turn & { id: string } = { id: userMessageId, role: "user", content: input.content };
  const tail = (input.tail ?? []).map((turn) => ({ ...turn, id: randomUUID() }));
  // Explicit times a millisecond apart: the branch must read back in the order it was given.
  const at = (i: number) => new Date(now.getTime() + i);
  const chain = [...turns.map((turn) => ({ ...turn, id: randomUUID() })), question, ...tail];
  const rows = chain.map((turn, i) => ({
    id: turn.id,
    conversationId,
    userId: input.userId,
    role: turn.role,
    content: turn.content,
    ...(turn.toolCalls ? { toolCalls: turn.toolCalls } : {}),
    status: "done" as const,
    parentId: chain[i - 1]?.id ?? null,
    createdAt: at(i),
    updatedAt: at(i),
  }));
  const n = rows.length;
  // `db` is the member lock's transaction (lib/limits/send.ts), so both writes land together or not at all.
  await db.conversation.create({
    data: {
      id: conversationId,
      userId: input.userId,
      modelId: input.modelId,
      title: titleFrom(turns.find((t) => t.role === "user")?.content ?? input.content),
      currentLeafId: generationId,
      systemPrompt: input.systemPrompt ?? null,
      sampling: input.sampling ?? {},
      fromApi: input.fromApi ?? false,
      createdAt: now,
      updatedAt: now,
    },
  });
  await db.message.createMany({
    data: [
      ...rows,
      {
        id: generationId,
        conversationId,
        userId: input.userId,
        role: "assistant",
        content: "",
        status: "queued",
        modelId: input.modelId,
        parentId: chain.at(-1)?.id ?? userMessageId,
        createdAt: at(n),
        updatedAt: at(n),
      },
    ],
  });
  return { conversationId, userMessageId, generationId };
}

/**
 * A new user message and its queued generation. It follows the branch on screen (the conversation's current
 * leaf), or, with editOf, sits beside the edited user message as a new branch. Refused while a generation of
 * the conversation is unfinished.
 */
export async function appendUserMessage(
  input: { userId: string; conversationId: string; content: string; editOf?: string | null },
  db: Db = getDb(),
) {
  const { userMessageId, generationId, now, afterNow } = newMessageIds();
  const editOf = input.editOf ?? null;
  const rows = await db.$queryRaw<{ owned: boolean; modelId: string | null; editable: boolean; inserted: string | null }[]>`
    WITH owned AS (
      SELECT id, "modelId", "currentLeafId" FROM "Conversation" WHERE id = ${input.conversationId} AND "userId" = ${input.userId}
    ), idle AS (
      SELECT owned.* FROM owned WHERE NOT EXISTS (
        SELECT 1 FROM "Message" m WHERE m."conversationId" = owned.id AND m.status IN ('queued', 'generating'))
    ), edited AS (
      SELECT m."parentId" FROM "Message" m JOIN owned ON m."conversationId" = owned.id WHERE m.id = ${editOf} AND m.role = 'user'
    ), ready AS (
      SELECT idle.* FROM idle WHERE ${editOf}::text IS NULL OR EXISTS (SELECT 1 FROM edited)
    ), parent AS (
      SELECT CASE WHEN ${editOf}::text IS NOT NULL THEN (SELECT "parentId" FROM edited)
        ELSE COALESCE(
          (SELECT m.id FROM "Message" m JOIN ready ON m."conversationId" = ready.id WHERE m.id = ready."currentLeafId"),
          (SELECT m.id FROM "Message" m JOIN ready ON m."conversationId" = ready.id ORDER BY m."createdAt" DESC LIMIT 1))
        END AS id
    ), question AS (
      INSERT INTO "Message" (id, "conversationId", "userId", role, content, status, "parentId", "createdAt", "updatedAt")
      SELECT ${userMessageId}, ready.id, ${input.userId}, 'user', ${input.content}, 'done', (SELECT id FROM parent), ${now}, ${now} FROM ready
      RETURNING id
    ), answer AS (
      INSERT INTO "Message" (id, "conversationId", "userId", role, content, status, "modelId", "parentId", "createdAt", "updatedAt")
      SELECT ${generationId}, ready.id, ${input.userId}, 'assistant', '', 'queued', ready."modelId", question.id, ${afterNow}, ${afterNow}
      FROM ready, question
      RETURNING id
    ), touched AS (
      UPDATE "Conversation" c SET "updatedAt" = ${now}, "currentLeafId" = ${generationId}
      FROM ready WHERE c.id = ready.id AND EXISTS (SELECT 1 FROM answer) RETURNING c.id
    )
    SELECT EXISTS (SELECT 1 FROM owned) AS owned, (SELECT "modelId" FROM owned) AS "modelId",
      (${editOf}::text IS NULL OR EXISTS (SELECT 1 FROM edited)) AS editable,
      (SELECT id FROM answer) AS inserted, (SELECT count(*) FROM touched) AS touched`;
  const result = rows[0];
  if (!result?.owned) throw new AppError("not_found", "conversationNotFound");
  if (!result.editable) throw new AppError("not_found", "messageNotFound");
  if (!result.inserted) throw new AppError("conflict", "answerInProgress");
  return { conversationId: input.conversationId, userMessageId, generationId, modelId: result.modelId };
}

/**
 * A new queued generation beside a finished one (same question), as another branch; it uses the conversation's
 * model. Null when the generation is not the user's; refused while one of the conversation's is unfinished.
 */
export async function insertRegeneration(input: { userId: string; generationId: string }, db: Db = getDb()) {
  const { generationId, now } = newMessageIds();
  const rows = await db.$queryRaw<
    { found: boolean; conversationId: string | null; modelId: string | null; userMessageId: string | null; inserted: string | null }[]
  >`
    WITH target AS (
      SELECT m."parentId", m."conversationId", c."modelId" FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId"
      WHERE m.id = ${input.generationId} AND m.role = 'assistant' AND c."userId" = ${input.userId} AND m."parentId" IS NOT NULL
    ), idle AS (
      SELECT target.* FROM target WHERE NOT EXISTS (
        SELECT 1 FROM "Message" m WHERE m."conversationId" = target."conversationId" AND m.status IN ('queued', 'generating'))
    ), answer AS (
      INSERT INTO "Message" (id, "conversationId", "userId", role, content, status, "modelId", "parentId", "createdAt", "updatedAt")
      SELECT ${generationId}, idle."conversationId", ${input.userId}, 'assistant', '', 'queued', idle."modelId", idle."parentId", ${now}, ${now} FROM idle
      RETURNING id
    ), touched AS (
      UPDATE "Conversation" c SET "updatedAt" = ${now}, "currentLeafId" = ${generationId}
      FROM idle WHERE c.id = idle."conversationId" AND EXISTS (SELECT 1 FROM answer) RETURNING c.id
    )
    SELECT EXISTS (SELECT 1 FROM target) AS found, (SELECT "conversationId" FROM target) AS "conversationId",
      (SELECT "modelId" FROM target) AS "modelId", (SELECT "parentId" FROM target) AS "userMessageId",
      (SELECT id FROM answer) AS inserted, (SELECT count(*) FROM touched) AS touched`;
  const result = rows[0];
  if (!result?.found || !result.conversationId || !result.userMessageId) return null;
  if (!result.inserted) throw new AppError("conflict", "answerInProgressRegenerate");
  return { conversationId: result.conversationId, userMessageId: result.userMessageId, generationId, modelId: result.modelId };
}

/** Remembers which branch is on screen; false when the message is not in the user's conversation. */
export async function selectBranch(input: { userId: string; conversationId: string; leafId: string }): Promise<boolean> {
  const count = await getDb().$executeRaw`
    UPDATE "Conversation" c SET "currentLeafId" = ${input.leafId}
    WHERE c.id = ${input.conversationId} AND c."userId" = ${input.userId}
      AND EXISTS (SELECT 1 FROM "Message" m WHERE m.id = ${input.leafId} AND m."conversationId" = c.id)`;
  return count > 0;
}

/**
 * Changes what the conversation's next generations use: model, instructions, sampling. False when it is not
 * the user's conversation.
 */
export async function updateConversationSettings(input: {
  userId: string;
  conversationId: string;
  modelId?: string;
  systemPrompt?: string | null;
  sampling?: Sampling;
}): Promise<boolean> {
  const { count } = await getDb().conversation.updateMany({
    where: { id: input.conversationId, userId: input.userId },
    data: { modelId: input.modelId, systemPrompt: input.systemPrompt, sampling: input.sampling },
  });
  return count > 0;
}

/** Whether the conversation exists and is this member's: checked before anything else about a request on it. */
export async function ownsConversation({ id, userId }: { id: string; userId: string }): Promise<boolean> {
  return (await getDb().conversation.count({ where: { id, userId } })) > 0;
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
    currentLeafId: row.currentLeafId,
    systemPrompt: row.systemPrompt,
    sampling: samplingSchema.safeParse(row.sampling).data ?? {},
    messages: row.messages.map(({ model, sources, ...m }) => ({
      ...m,
      sources: parseAnswerSources(sources),
      createdAt: m.createdAt.toISOString(),
      finishedAt: m.finishedAt?.toISOString() ?? null,
      modelName: m.role === "assistant" ? (model?.name ?? null) : null,
    })),
  };
}

/**
 * The CTEs that delete the conversations matching `where` (alias c; $1 is the time zone) with their messages,
 * for a statement of its own; the last, "deleted", returns their ids. Their message counts move to UsageArchive in
 * the same statement (every CTE reads the same snapshot, so the counts are of exactly the rows deleted); their
 * tokens stay in TokenUse, which no delete touches.
 */
export function deleteConversationsCtes(where: string): string {
  return `usage AS (${messageUsageSql(where)}),
    archived AS (
      INSERT INTO "UsageArchive" ("userId", day, messages)
      SELECT "userId", day, messages FROM usage
      ON CONFLICT ("userId", day) DO UPDATE SET messages = "UsageArchive".messages + EXCLUDED.messages
    ),
    deleted AS (DELETE FROM "Conversation" c WHERE ${where} RETURNING c.id)`;
}

/** Deletes the user's conversation and its messages, keeping its usage; false when there is no such conversation of theirs. */
export async function deleteConversation({ id, userId }: { id: string; userId: string }): Promise<boolean> {
  const rows = await getDb().$queryRawUnsafe<{ id: string }[]>(
    `WITH ${deleteConversationsCtes(`c.id = $2 AND c."userId" = $3`)} SELECT id FROM deleted`,
    serverTimeZone(),
    id,
    userId,
  );
  return rows.length > 0;
}

/**
 * What a send's limits count, in one statement: the member's answers still waiting or being generated (across
 * all their conversations), and the messages of `conversationId` (0 when none is given or it is not theirs).
 */
export async function sendCounts(
  { userId, conversationId }: { userId: string; conversationId?: string },
  db: Db = getDb(),
): Promise<{ unfinished: number; messages: number }> {
  const [row] = await db.$queryRaw<{ unfinished: bigint; messages: bigint }[]>`
    SELECT
      (SELECT count(*) FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId"
       WHERE c."userId" = ${userId} AND m.role = 'assistant' AND m.status IN ('queued', 'generating')) AS unfinished,
      (SELECT count(*) FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId"
       WHERE c.id = ${conversationId ?? null} AND c."userId" = ${userId}) AS messages`;
  return { unfinished: Number(row?.unfinished ?? 0), messages: Number(row?.messages ?? 0) };
}

/**
 * The model the conversation's next answer runs on (a regenerated one too: it uses the conversation's model, not
 * the old answer's). `model: null` when the conversation has none (the default model then answers); null when
 * there is no such conversation (or generation) of the user's.
 */
export async function nextAnswerModel(
  input: { userId: string; conversationId?: string; generationId?: string },
  db: Db = getDb(),
): Promise<{ modelId: string | null } | null> {
  if (input.generationId) {
    const generation = await db.message.findFirst({
      where: { id: input.generationId, role: "assistant", conversation: { userId: input.userId } },
      select: { conversation: { select: { modelId: true } } },
    });
    return generation ? { modelId: generation.conversation.modelId } : null;
  }
  if (!input.conversationId) return null;
  const conversation = await db.conversation.findFirst({
    where: { id: input.conversationId, userId: input.userId },
    select: { modelId: true },
  });
  return conversation ? { modelId: conversation.modelId } : null;
}
