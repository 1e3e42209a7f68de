"use client";

import { useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { branchLeaf, branchPath, siblingsOf } from "@/lib/conversation-tree";
import { surelyTooLong, tooLongValues } from "@/lib/generations/prompt-budget";
import type { SentEvent } from "@/lib/generations/protocol";
import type { ModelChoice } from "@/lib/queries/models";
import { useErrorText } from "../i18n/use-error-text";
import { api } from "../ui/api";
import { AttachmentList } from "./attachment-list";
import { ChatAnnouncer } from "./chat-announcer";
import { CollectionChips } from "./collection-chips";
import { Composer } from "./composer";
import { type ChatSettings, ConversationSettings } from "./conversation-settings";
import { isActive, type UiMessage } from "./message-state";
import { EmptyChat, MessageTurn } from "./message-turn";
import { ModelHeader } from "./model-header";
import { editTarget, messageTarget, regenerateTarget, type SendTarget, withSent } from "./send-target";
import { useFirstAnswerDone } from "./title-arrival";
import { useAnswerTimings } from "./use-answer-timings";
import { useAttachments } from "./use-attachments";
import { useCollections } from "./use-collections";
import { useConversationOptions } from "./use-conversation-options";
import { useScrollFollow } from "./use-scroll-follow";
import { useSendMessage } from "./use-send-message";
import { useChatShortcuts } from "./use-shortcuts";
import { useTokenBatching } from "./use-token-batching";

export type ModelOption = ModelChoice;

export function ChatView(props: {
  conversationId: string | null;
  initialMessages: UiMessage[];
  /** The end of the branch on screen (see message-tree.ts). */
  initialLeafId?: string | null;
  /** The conversation's model; a new chat starts with the default. */
  initialModelId?: string | null;
  initialSettings?: ChatSettings;
  models: ModelOption[];
  /** Shown when no model is installed: whom to ask. */
  noModelNote?: string | null;
}) {
  const t = useTranslations("chat");
  const tErrors = useTranslations("errors");
  const errorText = useErrorText();
  const box = useRef<HTMLTextAreaElement>(null);
  const [conversationId, setConversationId] = useState(props.conversationId);
  const [messages, setMessages] = useState(props.initialMessages);
  const [leafId, setLeafId] = useState<string | null>(props.initialLeafId ?? null);
  const [editing, setEditing] = useState<string | null>(null);
  const visible = branchPath(messages, leafId);
  const [error, setError] = useState<string | null>(null);
  const { modelId, model, settings, saveSettings, chooseModel } = useConversationOptions({ ...props, conversationId, setError });
  const active = messages.find((m) => m.role === "assistant" && isActive(m.status)) ?? null;
  const attachments = useAttachments(conversationId);
  const collections = useCollections(conversationId, (e) => setError(errorText(e)));

  const { timings, timeEvent, markSent } = useAnswerTimings();
  const { applyTo, flush } = useTokenBatching(setMessages, timeEvent);
  const scroll = useScrollFollow();
  const { sending, sendTo } = useSendMessage({ active, applyTo, flush, onSent: showSent, setError });
  useChatShortcuts({ box, stop: active ? () => void stop() : null });
  useFirstAnswerDone(conversationId, messages);

  function showSent(sent: SentEvent, target: SendTarget, started: number) {
    markSent(sent.generationId, started);
    scroll.follow();
    setLeafId(sent.generationId);
    setEditing(null);
    setMessages((list) => withSent(list, sent, target, model?.name));
    if (!conversationId) {
      setConversationId(sent.conversationId);
      // Keep this component (and its live stream) while the address becomes the conversation's.
      window.history.replaceState(null, "", `/c/${sent.conversationId}`);
    }
    window.dispatchEvent(new Event("hearth:conversations-changed"));
  }

  function send(content: string): Promise<boolean> {
    // Refused here, before anything is sent, so the text stays in the box.
    if (model && surelyTooLong(content.length, model.promptBudgetTokens)) {
      setError(tErrors("messageTooLongForModel", tooLongValues(content.length, model.promptBudgetTokens)));
      return Promise.resolve(false);
    }
    const { documentIds } = attachments;
    const { collectionIds } = collections;
    const parentId = visible.at(-1)?.id ?? null;
    return sendTo(messageTarget({ conversationId, content, parentId, modelId, settings, documentIds, collectionIds }));
  }

  /** Shows another version of a message (and the newest branch below it); remembered across reloads. */
  function showVersion(message: UiMessage, index: number) {
    const version = siblingsOf(messages, message)[index];
    if (!version) return;
    const leaf = branchLeaf(messages, version.id);
    setLeafId(leaf);
    if (conversationId) void api(`/api/conversations/${conversationId}`, { method: "PATCH", body: { leafId: leaf } }).catch(() => {});
  }

  async function stop() {
    if (!active) return;
    try {
      await api(`/api/generations/${active.id}/stop`, { method: "POST" });
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <div className="relative flex min-h-0 min-w-0 flex-1 flex-col">
      <ModelHeader models={props.models} modelId={modelId} onChoose={chooseModel}>
        <ConversationSettings settings={settings} maxOutputTokens={model?.maxOutputTokens ?? 2048} onSave={saveSettings} />
      </ModelHeader>
      <div ref={scroll.scroller} onScroll={scroll.onScroll} data-testid="message-list" className="flex-1 overflow-x-hidden overflow-y-auto">
        <div className="mx-auto max-w-3xl min-w-0 space-y-4 px-4 py-6">
          {messages.length === 0 && <EmptyChat noModelNote={props.noModelNote} noModels={props.models.length === 0} />}
          {visible.map((m) => (
            <MessageTurn
              key={m.id}
              message={m}
              versions={siblingsOf(messages, m)}
              timings={timings[m.id]}
              editing={editing === m.id}
              canEdit={Boolean(conversationId)}
              busy={active !== null || sending}
              onShowVersion={(index) => showVersion(m, index)}
              onEdit={() => setEditing(m.id)}
              onCancelEdit={() => setEditing(null)}
              onSendEdit={(text) => sendTo(editTarget(conversationId, m, text))}
              onRegenerate={() => void sendTo(regenerateTarget(m))}
            />
          ))}
          <div ref={scroll.bottom} />
        </div>
      </div>
      <ChatAnnouncer answer={visible.findLast((m) => m.role === "assistant") ?? null} />
      {scroll.scrolledUp && active && (
        <button
          type="button"
          onClick={scroll.jumpToLatest}
          className="absolute bottom-28 left-1/2 z-10 -translate-x-1/2 rounded-full border border-zinc-300 bg-white px-3 py-1 text-sm shadow-md hover:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
        >
          {t("jumpToLatest")}
        </button>
      )}
      <div className="mx-auto w-full max-w-3xl min-w-0 px-4 pb-4">
        {error && (
          <p role="alert" className="mb-2 text-sm text-red-600 dark:text-red-400">
            {error}
          </p>
        )}
        <AttachmentList files={attachments.files} onRemove={attachments.remove} />
        <CollectionChips collections={collections.chosen} onRemove={collections.remove} />
        <Composer
          onSend={send}
          onStop={() => void stop()}
          busy={sending}
          generating={active !== null}
          box={box}
          onFiles={attachments.add}
          collections={collections}
          library={{ onChoose: attachments.choose, inChat: attachments.documentIds }}
        />
      </div>
    </div>
  );
}
