// A generation's rows in PostgreSQL (an assistant message and the turns before it): the source of truth.
import "server-only";
import { getDb } from "../db";
import type { AnswerSources } from "../documents/sources";
import { getEnv } from "../env";
import type { MessageStatus } from "../generated/prisma/client";
import { readToolCalls, type ToolCall } from "./tool-calls";

/** An assistant turn may carry function calls (with their results when a /v1 request brought them). */
export type Turn = { role: "system" | "user" | "assistant"; content: string; toolCalls?: ToolCall[] };

/**
 * How much history (in bytes of text) a claim reads: generous for the context window (a token is rarely
 * more than 8 bytes), so the worker's token count trims the rest, yet bounded however long a conversation grows.
 */
export function historyBytes(contextSize: number | "auto" = getEnv().HEARTH_CONTEXT_SIZE): number {
  // "auto" is sized by the worker from memory; a large context's worth is still a bound.
  return (contextSize === "auto" ? 32_768 : contextSize) * 8;
}

/**
 * Claims an unfinished generation for a new attempt and returns the turns before it, in one round trip: this
 * sits on the path to the first token. The turns are the generation's branch: the path from the first message
 * to it through parentId, so other branches (edits, regenerations) are never seen. The walk stops once the
 * newest turns hold `maxBytes` of text: a multi-megabyte conversation never leaves PostgreSQL whole. Null when
 * it is already final (or gone).
 */
export async function claimGeneration(
  generationId: string,
  maxBytes = historyBytes(),
): Promise<{ attempt: number; turns: Turn[]; systemPrompt: string | null; folderPrompt: string | null; sampling: unknown } | null> {
  const rows = await getDb().$queryRaw<
    {
      attempts: number;
      systemPrompt: string | null;
      folderPrompt: string | null;
      sampling: unknown;
      role: Turn["role"] | null;
      content: string | null;
      status: string | null;
      toolCalls: unknown;
    }[]
  >`
    WITH RECURSIVE claimed AS (
      UPDATE "Message" SET status = 'generating', attempts = attempts + 1, content = '', "updatedAt" = now()
      WHERE id = ${generationId} AND role = 'assistant' AND status IN ('queued', 'generating')
      RETURNING attempts, "parentId", "conversationId"
    ), branch AS (
      SELECT m.id, m."parentId", m.role, m.content, m.status, m."toolCalls", 1 AS depth, octet_length(m.content)::bigint AS bytes
      FROM "Message" m JOIN claimed c ON m.id = c."parentId"
      UNION ALL
      SELECT m.id, m."parentId", m.role, m.content, m.status, m."toolCalls", b.depth + 1, b.bytes + octet_length(m.content)
      FROM "Message" m JOIN branch b ON m.id = b."parentId"
      WHERE b.depth < 100000 AND b.bytes < ${maxBytes}
    )
    SELECT c.attempts, conv."systemPrompt", folder."systemPrompt" AS "folderPrompt", conv.sampling, b.role, b.content, b.status, b."toolCalls"
    FROM claimed c
    JOIN "Conversation" conv ON conv.id = c."conversationId"
    LEFT JOIN "Folder" folder ON folder.id = conv."folderId"
    LEFT JOIN branch b ON true
    ORDER BY b.depth DESC`;
  const first = rows[0];
  if (!first) return null;
  const turns = rows.flatMap((r) =>
    // Failed or empty answers carry nothing the model should see again.
    r.role && r.content !== null && (r.role !== "assistant" || (r.status !== "failed" && r.content.length > 0))
      ? [{ role: r.role, content: r.content, ...withToolCalls(r.toolCalls) }]
      : [],
  );
  return { attempt: first.attempts, turns, systemPrompt: first.systemPrompt, folderPrompt: first.folderPrompt, sampling: first.sampling };
}

function withToolCalls(stored: unknown): Pick<Turn, "toolCalls"> {
  const toolCalls = readToolCalls(stored);
  return toolCalls ? { toolCalls } : {};
}

/** Writes of an attempt only land while it is the message's current attempt: a superseded one can't clobber it. */
export async function savePartial(generationId: string, attempt: number, content: string): Promise<void> {
  await getDb().message.updateMany({ where: { id: generationId, attempts: attempt, status: "generating" }, data: { content } });
}

export type FinalRecord = {
  status: "done" | "stopped" | "failed";
  /** Left as stored when absent (e.g. the partial text of a generation that recovery fails). */
  content?: string;
  error?: string | null;
  promptTokens?: number | null;
  contextSize?: number | null;
  outputTokens?: number | null;
  firstTokenMs?: number | null;
  tokensPerSec?: number | null;
  /** "length" when the token limit cut the answer; "stop" when the model (or a stop sequence) ended it; "tool_calls". */
  finishReason?: "stop" | "length" | "tool_calls" | null;
  /** The passages of the member's files the answer was given (lib/documents/sources.ts). */
  sources?: AnswerSources;
  /** The functions the answer called (finishReason "tool_calls"). */
  toolCalls?: ToolCall[];
};

/**
 * Stores the final state unless the generation is already final or, when an attempt is given, that attempt was
 * superseded: false when nothing was written.
 */
export async function saveFinal(generationId: string, attempt: number | null, record: FinalRecord): Promise<boolean> {
  const db = getDb();
  const { count } = await db.message.updateMany({
    where: {
      id: generationId,
      role: "assistant",
      status: { in: ["queued", "generating"] },
      ...(attempt === null ? {} : { attempts: attempt }),
    },
    data: { ...record, finishedAt: new Date() },
  });
  if (count === 0) return false;
  await db.conversation.updateMany({ where: { messages: { some: { id: generationId } } }, data: { updatedAt: new Date() } });
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
    generationId: r.id,
    conversationId: r.conversationId,
    userId: r.conversation.userId,
    modelId: r.modelId ?? r.conversation.modelId,
  }));
}

const generationFields = {
  id: true,
  status: true,
  content: true,
  error: true,
  outputTokens: true,
  tokensPerSec: true,
  firstTokenMs: true,
} as const;

export type StoredGeneration = {
  id: string;
  status: MessageStatus;
  content: string;
  error: string | null;
  outputTokens: number | null;
  tokensPerSec: number | null;
  firstTokenMs: number | null;
};

/** A generation, only if it belongs to the user. */
export async function getGeneration({ generationId, userId }: { generationId: string; userId: string }): Promise<StoredGeneration | null> {
  return getDb().message.findFirst({ where: { id: generationId, role: "assistant", conversation: { userId } }, select: generationFields });
}

/** A generation's stored state, for a stream whose reader was already checked to own it. */
export async function readGenerationState(generationId: string): Promise<StoredGeneration | null> {
  return getDb().message.findUnique({ where: { id: generationId }, select: generationFields });
}

/**
 * The user's generations still waiting or being written (to stop them before a delete), in one conversation or
 * in every conversation of one of their folders.
 */
export async function listUnfinishedGenerations(input: { userId: string } & ({ conversationId: string } | { folderId: string })) {
  const conversation = "folderId" in input ? { userId: input.userId, folderId: input.folderId } : { userId: input.userId };
  const conversationId = "conversationId" in input ? input.conversationId : undefined;
  return getDb().message.findMany({
    where: { conversationId, conversation, role: "assistant", status: { in: ["queued", "generating"] } },
    select: { id: true, status: true },
  });
}
