// Rules for what a user may send, shared by every route that accepts a message.
import "server-only";
import { getEnv } from "../env";
import { AppError } from "../errors";

export function checkMessageContent(raw: unknown): string {
  if (typeof raw !== "string") throw new AppError("bad_request", "messageNotText");
  const content = raw.replace(/\r\n/g, "\n");
  if (content.trim().length === 0) throw new AppError("bad_request", "messageEmpty");
  const limit = getEnv().HEARTH_MAX_MESSAGE_CHARS;
  if (content.length > limit) {
    throw new AppError("too_large", "messageTooLong", { length: content.length, limit });
  }
  return content;
}

/** Body size a message route must accept: the longest message at 4 UTF-8 bytes a character, plus the JSON around it. */
export function messageBodyLimit(): number {
  return Math.max(64 * 1024, getEnv().HEARTH_MAX_MESSAGE_CHARS * 4 + 4096);
}
