// Limits every member has, so one account (or a stuck script) cannot fill the queue or grow a
// conversation without end. Checked before anything is stored.
import { getEnv } from "./env";
import { AppError } from "./errors";
import { countMessages, countUnfinishedAnswers } from "./queries/conversations";

/** `bringing`: earlier turns a new conversation arrives with (a /v1 request carries its whole conversation). */
export async function checkMemberLimits({
  userId,
  conversationId,
  bringing = 0,
}: {
  userId: string;
  conversationId?: string;
  bringing?: number;
}): Promise<void> {
  const env = getEnv();
  const [unfinished, messages] = await Promise.all([
    countUnfinishedAnswers(userId),
    conversationId ? countMessages({ id: conversationId, userId }) : Promise.resolve(0),
  ]);
  if (unfinished >= env.HEARTH_MAX_QUEUED_PER_MEMBER) {
    throw new AppError("rate_limited", "tooManyWaiting", { count: unfinished });
  }
  // Each send adds two messages (the question and its answer).
  if (messages + bringing + 2 > env.HEARTH_MAX_CONVERSATION_MESSAGES) {
    throw new AppError("too_large", "conversationTooLong");
  }
}
