// Starting a generation: the user's message and a queued generation stored in PostgreSQL, then the job queued.
import "server-only";
import { contextCeiling } from "../context-size";
import type { StoredSampling } from "../conversation-settings";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { admitSend, checkMayInstruct } from "../limits/send";
import { getLogger } from "../log";
import { addUsableCollections } from "../queries/collections";
import { appendUserMessage, createConversation, insertRegeneration } from "../queries/conversations";
import { attachOwnDocuments } from "../queries/documents";
import type { Db } from "../queries/member-lock";
import { type ModelSummary, pickModel } from "../queries/models";
import { getRedis } from "../redis";
import type { ServerTiming } from "../server-timing";
import { servingSlots } from "../workers/status";
import { checkMessageContent } from "./content";
import { finishGeneration } from "./finish";
import { announcePositions } from "./positions";
import { promptBudget, surelyTooLong, tooLongValues } from "./prompt-budget";
import { addGenerationJob, fairPriority, type GenerationJob, getGenerationQueue } from "./queue";
import type { Turn } from "./store";
import { addWaiting } from "./waiting-count";
import { GenerationWriter } from "./writer";

export type StartedGeneration = { conversationId: string; userMessageId: string; generationId: string };

type Measure = <T>(name: string, work: Promise<T>) => Promise<T>;

function measurer(timing: ServerTiming | undefined): Measure {
  return (name, work) => (timing ? timing.measure(name, work) : work);
}

/**
 * Sends a message: into the given conversation (after its branch on screen, or beside the user message
 * `editOf` as a new branch), or a new one with the chosen (or default) model.
 */
/** A message to store: in a conversation, or (without conversationId) the first of a new one. */
type MessageToStore = {
  userId: string;
  conversationId?: string;
  modelId?: string | null;
  editOf?: string | null;
  /** Settings of a new conversation. */
  systemPrompt?: string | null;
  sampling?: StoredSampling;
  /** Earlier turns of a new conversation, oldest first (a /v1 request brings its whole conversation). */
  history?: Turn[];
  /** Function calls and their results after the new user message (a /v1 request): the answer continues them. */
  tail?: Turn[];
  /** Asked through the /v1 API: the conversation is kept out of the sidebar unless its owner shows them. */
  fromApi?: boolean;
  /** The member's files to add to the conversation with this message (others' ids are ignored). */
  documentIds?: string[];
  /** Family collections to add to the conversation with this message: those the sender's role may use (others ignored). */
  collections?: { ids: string[]; role: string };
};

export async function startGeneration(input: MessageToStore & { content: unknown; timing?: ServerTiming }): Promise<StartedGeneration> {
  const content = checkMessageContent(input.content);
  await checkMayInstruct(input.userId, input.systemPrompt);
  const measure = measurer(input.timing);
  const stored = await measure(
    "store",
    admitSend(
      { ...input, bringing: (input.history?.length ?? 0) + (input.tail?.length ?? 0) },
      (db, model) => storeMessages({ ...input, content }, db, model),
      // A new conversation's model is read before the member's lock, beside their rules (it needs no lock).
      async () => (input.conversationId ? null : pickModel(input.modelId)),
    ),
  );
  return queue({ ...stored, userId: input.userId }, measure);
}

/** Answers the same question again, as a new branch beside the given generation. */
export async function regenerate(input: { userId: string; generationId: string; timing?: ServerTiming }): Promise<StartedGeneration> {
  const measure = measurer(input.timing);
  const stored = await measure(
    "store",
    admitSend(input, (db) => insertRegeneration(input, db)),
  );
  if (!stored) throw new AppError("not_found", "generationNotFound");
  return queue({ ...stored, modelId: stored.modelId ?? (await pickModel(null)).id, userId: input.userId }, measure);
}

async function queue(stored: StartedGeneration & { modelId: string; userId: string }, measure: Measure): Promise<StartedGeneration> {
  const job = { generationId: stored.generationId, conversationId: stored.conversationId, userId: stored.userId, modelId: stored.modelId };
  try {
    await measure("enqueue", enqueue(job));
  } catch (error) {
    // The user's message is kept; only the generation fails, with the reason.
    getLogger().error({ err: error }, "enqueue failed");
    // Stored as a catalogue key: the reader sees it in their own language (components/chat/message-item.tsx).
    const reason = "queueUnavailable";
    await finishGeneration({ generationId: job.generationId, record: { status: "failed", content: "", error: reason } }).catch(() => {});
    throw new AppError("unavailable", "queueUnavailable");
  }
  return { conversationId: stored.conversationId, userMessageId: stored.userMessageId, generationId: stored.generationId };
}

async function storeMessages(input: MessageToStore & { content: string }, db: Db, picked: Promise<ModelSummary | null>) {
  const stored = await storeTurns(input, db, picked);
  // In the same transaction as the question: the worker never answers it without the files (and collections) it came with.
  if (input.documentIds?.length)
    await attachOwnDocuments({ userId: input.userId, conversationId: stored.conversationId, documentIds: input.documentIds }, db);
  if (input.collections?.ids.length)
    await addUsableCollections(
      { role: input.collections.role, conversationId: stored.conversationId, collectionIds: input.collections.ids },
      db,
    );
  return stored;
}

async function storeTurns(input: MessageToStore & { content: string }, db: Db, picked: Promise<ModelSummary | null>) {
  if (input.conversationId) {
    const appended = await appendUserMessage(
      { userId: input.userId, conversationId: input.conversationId, content: input.content, editOf: input.editOf },
      db,
    );
    return { ...appended, modelId: appended.modelId ?? (await pickModel(null, db)).id };
  }
  const model = (await picked) ?? (await pickModel(input.modelId, db));
  const env = getEnv();
  const budget = promptBudget(contextCeiling(env.HEARTH_CONTEXT_SIZE, model.contextLength), env.HEARTH_MAX_OUTPUT_TOKENS);
  if (surelyTooLong(input.content.length, budget))
    throw new AppError("too_large", "messageTooLongForModel", tooLongValues(input.content.length, budget));
  const created = await createConversation({ ...input, modelId: model.id }, db);
  return { ...created, modelId: model.id };
}

async function enqueue(job: GenerationJob): Promise<void> {
  const redis = getRedis();
  const writer = new GenerationWriter(redis, job.generationId);
  // One pipelined round trip (same connection, so in this order); this is on the path to the first token.
  const [waiting] = await Promise.all([addWaiting(redis, job.userId), writer.emit({ type: "queued", position: null }), writer.touch()]);
  await addGenerationJob(getGenerationQueue(), job, fairPriority(waiting - 1));
  getLogger("web").info({ generationId: job.generationId, userId: job.userId, modelId: job.modelId }, "generation queued");
  // Not awaited: the sender need not wait for everyone else to hear where they stand (and whether any
  // worker is running at all).
  void servingSlots(redis)
    .then((slots) => announcePositions(getGenerationQueue(), redis, slots))
    .catch(() => {});
}
