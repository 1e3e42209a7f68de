// Hearth's own export read back (lib/library/hearth-json.ts): the same trees, branches and titles.
import { type HearthConversation, hearthConversationSchema } from "../hearth-json";
import { type ImportedConversation, orderTree, UnreadableConversation } from "./conversation";

const STATUSES = new Set(["done", "stopped", "failed"]);

export function fromHearth(value: unknown): ImportedConversation {
  const parsed = hearthConversationSchema.safeParse(value);
  if (!parsed.success) throw new UnreadableConversation("notAConversation");
  const conversation: HearthConversation = parsed.data;
  return {
    format: "hearth",
    sourceId: conversation.id,
    title: conversation.title.trim(),
    titleByUser: conversation.titleByUser,
    pinned: conversation.pinned,
    archived: conversation.archived,
    systemPrompt: conversation.systemPrompt,
    createdAt: new Date(conversation.createdAt),
    updatedAt: new Date(conversation.updatedAt),
    modelName: conversation.model,
    // An answer exported while it was still being written has no process to finish it here: it was stopped.
    messages: orderTree(
      conversation.messages.map((m) => ({
        sourceId: m.id,
        parentId: m.parentId,
        role: m.role,
        content: m.content,
        createdAt: new Date(m.createdAt),
        finishedAt: m.finishedAt ? new Date(m.finishedAt) : null,
        modelName: m.model,
        status: STATUSES.has(m.status) ? (m.status as "done" | "stopped" | "failed") : "stopped",
      })),
    ),
    currentSourceId: conversation.currentMessageId,
  };
}
