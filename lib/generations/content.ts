// Rules for what a user may send, shared by every route that accepts a message.
import "server-only";
import { getEnv } from "../env";
import { AppError } from "../errors";

export function checkMessageContent(raw: unknown): string {
  if (typeof raw !== "string") throw new AppError("bad_request", "content: a message must be text.");
  const content = raw.replace(/\r\n/g, "\n");
  if (content.trim().length === 0) throw new AppError("bad_request", "Type a message first: it is empty.");
  const limit = getEnv().HEARTH_MAX_MESSAGE_CHARS;
  if (content.length > limit) {
    throw new AppError(
      "too_large",
      `This message is ${content.length.toLocaleString("en")} characters; the limit is ${limit.toLocaleString("en")}.`,
    );
  }
  return content;
}
