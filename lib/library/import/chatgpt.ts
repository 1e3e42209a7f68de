// ChatGPT's export (conversations.json, or conversations-NNN.json in the newer ZIP): each conversation is a
// tree of nodes (`mapping`, `parent`, `children`) with `current_node` the leaf that was on screen. Only text
// is taken from it: code, tool output and browsing results become text, images and files a short note, and
// nothing in it is ever run or fetched.
import { type ImportedConversation, type ImportedMessage, orderTree, sourceTime, UnreadableConversation } from "./conversation";

type Node = { id?: unknown; parent?: unknown; children?: unknown; message?: unknown };
type Message = {
  author?: { role?: unknown; name?: unknown };
  create_time?: unknown;
  content?: Record<string, unknown>;
  status?: unknown;
  metadata?: Record<string, unknown>;
};

export function isChatGptConversation(value: Record<string, unknown>): boolean {
  return typeof value.mapping === "object" && value.mapping !== null;
}

const HIDDEN_CONTENT = new Set(["user_editable_context", "model_editable_context", "thoughts", "reasoning_recap"]);

/** A part of a multimodal message: text, or a note for what Hearth does not keep. */
function partText(part: unknown): string {
  if (typeof part === "string") return part;
  if (part && typeof part === "object") {
    const kind = String((part as { content_type?: unknown }).content_type ?? "");
    if (kind.includes("image")) return "[Image not imported]";
    if (kind.includes("audio")) return "[Audio not imported]";
    const text = (part as { text?: unknown }).text;
    if (typeof text === "string") return text;
  }
  return "";
}

function fenced(text: string, language = ""): string {
  return `\`\`\`${language}\n${text.replace(/```/g, "ˋˋˋ")}\n\`\`\``;
}

/** The readable text of one message, by its content type. */
export function chatGptText(message: Message): string {
  const content = message.content ?? {};
  const kind = String(content.content_type ?? "text");
  const str = (value: unknown) => (typeof value === "string" ? value : "");
  let text: string;
  if (kind === "code") text = fenced(str(content.text), str(content.language).replace(/[^\w+-]/g, ""));
  else if (kind === "execution_output") text = fenced(str(content.text));
  else if (kind === "tether_quote") text = [str(content.title), str(content.url), str(content.text)].filter(Boolean).join("\n\n");
  else if (kind === "tether_browsing_display") text = [str(content.result), str(content.summary)].filter(Boolean).join("\n\n");
  else if (kind === "system_error") text = [str(content.name), str(content.text)].filter(Boolean).join(": ");
  else if (Array.isArray(content.parts)) text = content.parts.map(partText).filter(Boolean).join("\n\n");
  else text = str(content.text) || str(content.result);
  const attachments = Array.isArray(message.metadata?.attachments) ? message.metadata.attachments : [];
  const notes = attachments.map((file) => `[File not imported: ${String((file as { name?: unknown })?.name ?? "?")}]`);
  return [text.trim(), ...notes].filter(Boolean).join("\n\n");
}

function keptMessage(id: string, node: Node, fallback: Date): Omit<ImportedMessage, "parentId"> | null {
  const message = node.message as Message | null | undefined;
  if (!message || typeof message !== "object") return null;
  const role = String(message.author?.role ?? "");
  // System messages are ChatGPT's own instructions and are hidden in its interface: never imported.
  if (role === "system" || message.metadata?.is_visually_hidden_from_conversation === true) return null;
  if (HIDDEN_CONTENT.has(String(message.content?.content_type ?? ""))) return null;
  const content = chatGptText(message);
  if (!content) return null;
  const createdAt = sourceTime(message.create_time, fallback);
  return {
    sourceId: id,
    role: role === "user" ? "user" : "assistant",
    content,
    createdAt,
    finishedAt: role === "user" ? null : createdAt,
    modelName: typeof message.metadata?.model_slug === "string" ? message.metadata.model_slug : null,
    status: message.status === "in_progress" ? "stopped" : "done",
  };
}

export function fromChatGpt(value: Record<string, unknown>): ImportedConversation {
  const mapping = value.mapping as Record<string, Node>;
  const sourceId = String(value.conversation_id ?? value.id ?? "");
  if (!sourceId) throw new UnreadableConversation("notAConversation");
  const createdAt = sourceTime(value.create_time, new Date(0));
  const kept = new Map<string, Omit<ImportedMessage, "parentId">>();
  for (const [id, node] of Object.entries(mapping)) {
    const message = node && typeof node === "object" ? keptMessage(id, node, createdAt) : null;
    if (message) kept.set(id, message);
  }
  // A message whose parent was skipped (a hidden system message, the empty root) hangs from the nearest kept ancestor.
  const keptAncestor = (id: unknown): string | null => {
    const seen = new Set<string>();
    let current = typeof id === "string" ? id : null;
    while (current && !kept.has(current)) {
      if (seen.has(current)) return null;
      seen.add(current);
      const parent = mapping[current]?.parent;
      current = typeof parent === "string" ? parent : null;
    }
    return current;
  };
  const messages = [...kept.values()].map((message) => ({ ...message, parentId: keptAncestor(mapping[message.sourceId]?.parent) }));
  const title = typeof value.title === "string" && value.title.trim() ? value.title.trim() : "";
  return {
    format: "chatgpt",
    sourceId,
    title,
    titleByUser: false,
    pinned: false,
    archived: value.is_archived === true,
    systemPrompt: null,
    createdAt,
    updatedAt: sourceTime(value.update_time, createdAt),
    modelName: typeof value.default_model_slug === "string" ? value.default_model_slug : null,
    messages: orderTree(messages),
    currentSourceId: keptAncestor(value.current_node),
  };
}
