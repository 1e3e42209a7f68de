import type { MessageView } from "@/lib/queries/conversations";
import type { UiMessage } from "./message-state";

/** A stored message as the chat view starts with it; an unfinished answer is rebuilt from its stream. */
export function toUiMessage(m: MessageView): UiMessage {
  const unfinished = m.status === "queued" || m.status === "generating";
  return {
    id: m.id,
    parentId: m.parentId,
    role: m.role,
    content: unfinished ? "" : m.content,
    status: m.status,
    error: m.error,
    outputTokens: m.outputTokens,
    tokensPerSec: m.tokensPerSec,
    firstTokenMs: m.firstTokenMs,
    note: null,
    modelName: m.modelName,
    sources: m.sources,
    tookMs: m.finishedAt ? Date.parse(m.finishedAt) - Date.parse(m.createdAt) : null,
    context: m.promptTokens === null ? null : { promptTokens: m.promptTokens, contextSize: m.contextSize ?? 0, trimmedTurns: 0 },
  };
}
