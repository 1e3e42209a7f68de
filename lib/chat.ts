// Sending a message: store it with a queued answer, then hand the answer to the queue.
import { AppError } from "./errors";
import { checkMessageContent } from "./messages";
import { appendUserMessage, createConversation, markMessageFailed } from "./queries/conversations";
import { pickModel } from "./queries/models";
import { enqueueGeneration } from "./queue/producer";

export type SendResult = { conversationId: string; userMessageId: string; assistantMessageId: string };

export async function sendMessage(input: {
  userId: string;
  conversationId?: string;
  content: unknown;
  modelId?: string | null;
}): Promise<SendResult> {
  const content = checkMessageContent(input.content);
  let sent: SendResult & { modelId: string };
  if (input.conversationId) {
    const appended = await appendUserMessage({ userId: input.userId, conversationId: input.conversationId, content });
    const modelId = appended.modelId ?? (await pickModel(null)).id;
    sent = { ...appended, modelId };
  } else {
    const model = await pickModel(input.modelId);
    sent = { ...(await createConversation({ userId: input.userId, modelId: model.id, content })), modelId: model.id };
  }
  try {
    await enqueueGeneration({
      messageId: sent.assistantMessageId,
      conversationId: sent.conversationId,
      userId: input.userId,
      modelId: sent.modelId,
    });
  } catch (error) {
    // The user's message is kept; only the answer is marked failed, with the reason.
    await markMessageFailed(sent.assistantMessageId, "The generation queue is unavailable. Try again in a moment.");
    console.error("[hearth] enqueue failed", error);
    throw new AppError("unavailable", "The generation queue is unavailable right now. Your message was saved; try again in a moment.");
  }
  return { conversationId: sent.conversationId, userMessageId: sent.userMessageId, assistantMessageId: sent.assistantMessageId };
}
