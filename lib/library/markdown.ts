// One conversation as a readable Markdown file: the branch on screen, each turn under a heading that says
// who wrote it and when. Messages are markdown already and go in as they are; the title and names, which
// are plain text, are escaped so they cannot become markup.
import { branchPath } from "../conversation-tree";
import type { HearthConversation } from "./hearth-json";

/** The words of the file in the reader's language. */
export type MarkdownLabels = { you: string; assistant: string; system: string };

/** Plain text on one line, inert in Markdown and in any HTML a viewer makes of it. */
export function escapeMarkdownText(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (c) => `\\${c}`)
    .trim();
}

/** "2026-12-02 13:40 UTC": the same for every reader, whatever their time zone. */
function timestamp(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

function speaker(message: HearthConversation["messages"][number], labels: MarkdownLabels): string {
  if (message.role === "user") return labels.you;
  if (message.role === "system") return labels.system;
  return message.model ?? labels.assistant;
}

export function conversationMarkdown(conversation: HearthConversation, labels: MarkdownLabels): string {
  const turns = branchPath(conversation.messages, conversation.currentMessageId).map((message) => {
    const heading = `## ${escapeMarkdownText(speaker(message, labels))} · ${timestamp(message.createdAt)}`;
    return `${heading}\n\n${message.content.trimEnd()}\n`;
  });
  const title = escapeMarkdownText(conversation.title) || "\\-";
  return [`# ${title}\n`, ...turns].join("\n");
}
