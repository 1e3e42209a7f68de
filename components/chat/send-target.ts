// What each kind of send posts, and the messages it adds on screen once the server has stored it.
import type { SentEvent } from "@/lib/generations/protocol";
import type { ChatSettings } from "./conversation-settings";
import { newUiMessage, type UiMessage } from "./message-state";

/** What a send adds: a new message after parentId, or a regenerated answer beside regenerating (same question). */
export type SendTarget = { url: string; body: unknown; content: string; parentId: string | null; regenerating?: UiMessage };

/** A new message at the end of the branch on screen; a new chat's first message carries its model and settings. */
export function messageTarget(args: {
  conversationId: string | null;
  content: string;
  parentId: string | null;
  modelId: string;
  settings: ChatSettings;
  /** The member's files the conversation uses (added to it with this message). */
  documentIds?: string[];
  /** The family collections the conversation uses (added to it with this message, those the member may use). */
  collectionIds?: string[];
}): SendTarget {
  const { conversationId, content, parentId } = args;
  const files = {
    ...(args.documentIds?.length ? { documentIds: args.documentIds } : {}),
    ...(args.collectionIds?.length ? { collectionIds: args.collectionIds } : {}),
  };
  return conversationId
    ? { url: `/api/conversations/${conversationId}/messages`, body: { content, ...files }, content, parentId }
    : { url: "/api/conversations", body: { content, modelId: args.modelId || null, ...args.settings, ...files }, content, parentId };
}

/** An edited question: a new version beside `edited`, under the same parent. */
export function editTarget(conversationId: string | null, edited: UiMessage, content: string): SendTarget {
  const url = `/api/conversations/${conversationId}/messages`;
  return { url, body: { content, editOf: edited.id }, content, parentId: edited.parentId };
}

export function regenerateTarget(answer: UiMessage): SendTarget {
  return { url: `/api/generations/${answer.id}/regenerate`, body: {}, content: "", parentId: answer.parentId, regenerating: answer };
}

/** The list once the server has stored the send: the question (unless regenerating) and its waiting answer. */
/** `modelName`: the model writing the new answer, shown quietly with it. */
export function withSent(list: UiMessage[], sent: SentEvent, target: SendTarget, modelName?: string): UiMessage[] {
  const answer = (parentId: string | null) => ({
    ...newUiMessage({ id: sent.generationId, parentId, role: "assistant", content: "", status: "queued" }),
    modelName,
  });
  return target.regenerating
    ? [...list, answer(target.regenerating.parentId)]
    : [
        ...list,
        newUiMessage({ id: sent.userMessageId, parentId: target.parentId, role: "user", content: target.content, status: "done" }),
        answer(sent.userMessageId),
      ];
}
