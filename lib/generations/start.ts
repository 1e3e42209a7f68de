// Starting a generation: the user's message and a queued generation stored in PostgreSQL, then the job queued.
import "server-only";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { appendUserMessage, createConversation } from "../queries/conversations";
import { pickModel } from "../queries/models";
import { getRedis } from "../redis";
import type { ServerTiming } from "../server-timing";
import { checkMessageContent } from "./content";
import { finishGeneration } from "./finish";
import { announcePositions } from "./positions";
import { addGenerationJob, fairPriority, type GenerationJob, getGenerationQueue } from "./queue";
import { addWaiting } from "./waiting-count";
import { GenerationWriter } from "./writer";

export type StartedGeneration = { conversationId: string; userMessageId: string; generationId: string };

/** Sends a message: into the given conversation, or a new one with the chosen (or default) model. */
export async function startGeneration(input: {
  userId: string;
  conversationId?: string;
  content: unknown;
  modelId?: string | null;
  timing?: ServerTiming;
}): Promise<StartedGeneration> {
  const content = checkMessageContent(input.content);
  const measure = <T>(name: string, work: Promise<T>) => (input.timing ? input.timing.measure(name, work) : work);
  const stored = await measure("store", storeMessages({ ...input, content }));
  const job = { generationId: stored.generationId, conversationId: stored.conversationId, userId: input.userId, modelId: stored.modelId };
  try {
    await measure("enqueue", enqueue(job));
  } catch (error) {
    // The user's message is kept; only the generation fails, with the reason.
    console.error("[hearth] enqueue failed", error);
    const reason = "The generation queue is unavailable. Try again in a moment.";
    await finishGeneration({ generationId: job.generationId, record: { status: "failed", content: "", error: reason } }).catch(() => {});
    throw new AppError("unavailable", "The generation queue is unavailable right now. Your message was saved; try again in a moment.");
  }
  return { conversationId: stored.conversationId, userMessageId: stored.userMessageId, generationId: stored.generationId };
}

async function storeMessages(input: { userId: string; conversationId?: string; content: string; modelId?: string | null }) {
  if (input.conversationId) {
    const appended = await appendUserMessage({ userId: input.userId, conversationId: input.conversationId, content: input.content });
    return { ...appended, modelId: appended.modelId ?? (await pickModel(null)).id };
  }
  const model = await pickModel(input.modelId);
  return { ...(await createConversation({ userId: input.userId, modelId: model.id, content: input.content })), modelId: model.id };
}

async function enqueue(job: GenerationJob): Promise<void> {
  const redis = getRedis();
  const writer = new GenerationWriter(redis, job.generationId);
  // One pipelined round trip (same connection, so in this order); this is on the path to the first token.
  const [waiting] = await Promise.all([addWaiting(redis, job.userId), writer.emit({ type: "queued", position: null }), writer.touch()]);
  await addGenerationJob(getGenerationQueue(), job, fairPriority(waiting - 1));
  // Not awaited: the sender need not wait for everyone else to hear where they stand (and whether any
  // worker is running at all).
  void announcePositions(getGenerationQueue(), redis, getEnv().HEARTH_WORKER_SEQUENCES).catch(() => {});
}
