// Open WebUI's chat export: an array of { id, title, created_at, updated_at, pinned, archived, chat } where
// chat.history holds the tree (messages keyed by id, each with parentId and childrenIds) and currentId the
// leaf on screen.
import { type ImportedConversation, type ImportedMessage, orderTree, sourceTime, UnreadableConversation } from "./conversation";

type OpenWebUiMessage = {
  id?: unknown;
  parentId?: unknown;
  role?: unknown;
  content?: unknown;
  timestamp?: unknown;
  model?: unknown;
  modelName?: unknown;
  files?: unknown;
  done?: unknown;
};

export function isOpenWebUiChat(value: Record<string, unknown>): boolean {
  const chat = value.chat as { history?: unknown } | undefined;
  return typeof chat === "object" && chat !== null && typeof chat.history === "object";
}

function text(message: OpenWebUiMessage): string {
  const content = typeof message.content === "string" ? message.content.trim() : "";
  const files = Array.isArray(message.files) ? message.files : [];
  const notes = files.map((file) => {
    const f = file as { type?: unknown; name?: unknown };
    return f?.type === "image" ? "[Image not imported]" : `[File not imported: ${String(f?.name ?? "?")}]`;
  });
  return [content, ...notes].filter(Boolean).join("\n\n");
}

function fromMessage(id: string, message: OpenWebUiMessage, fallback: Date): ImportedMessage | null {
  const role = message.role === "user" || message.role === "assistant" ? message.role : null;
  const content = text(message);
  if (!role || !content) return null;
  const createdAt = sourceTime(message.timestamp, fallback);
  return {
    sourceId: id,
    parentId: typeof message.parentId === "string" ? message.parentId : null,
    role,
    content,
    createdAt,
    finishedAt: role === "assistant" ? createdAt : null,
    modelName: typeof message.model === "string" ? message.model : null,
    status: role === "assistant" && message.done === false ? "stopped" : "done",
  };
}

export function fromOpenWebUi(value: Record<string, unknown>): ImportedConversation {
  const chat = value.chat as { title?: unknown; models?: unknown; history: { messages?: unknown; currentId?: unknown } };
  const sourceId = typeof value.id === "string" ? value.id : "";
  const stored = chat.history.messages;
  if (!sourceId || typeof stored !== "object" || stored === null) throw new UnreadableConversation("notAConversation");
  const createdAt = sourceTime(value.created_at, new Date(0));
  const messages = Object.entries(stored as Record<string, OpenWebUiMessage>)
    .map(([id, message]) => (message && typeof message === "object" ? fromMessage(id, message, createdAt) : null))
    .filter((message): message is ImportedMessage => message !== null);
  const title = [value.title, chat.title].find((t): t is string => typeof t === "string" && t.trim() !== "");
  const models = Array.isArray(chat.models) ? chat.models.filter((m): m is string => typeof m === "string") : [];
  return {
    format: "openwebui",
    sourceId,
    title: title?.trim() ?? "",
    titleByUser: false,
    pinned: value.pinned === true,
    archived: value.archived === true,
    systemPrompt: null,
    createdAt,
    updatedAt: sourceTime(value.updated_at, createdAt),
    modelName: models[0] ?? null,
    messages: orderTree(messages),
    currentSourceId: typeof chat.history.currentId === "string" ? chat.history.currentId : null,
  };
}
