"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { surelyTooLong, tooLongValues } from "@/lib/generations/prompt-budget";
import type { GenerationEvent, SentEvent } from "@/lib/generations/protocol";
import type { ModelChoice } from "@/lib/queries/models";
import { useErrorText } from "../i18n/use-error-text";
import { api } from "../ui/api";
import { BranchBar } from "./branch-bar";
import { Composer } from "./composer";
import { type ChatSettings, ConversationSettings } from "./conversation-settings";
import { EditMessage } from "./edit-message";
import { MessageItem } from "./message-item";
import { applyEvent, isActive, type UiMessage } from "./message-state";
import { branchLeaf, branchPath, siblingsOf } from "./message-tree";
import { ModelHeader } from "./model-header";
import { sendWithStream } from "./send";
import { useGeneration } from "./use-generation";
import { useChatShortcuts } from "./use-shortcuts";

export type ModelOption = ModelChoice;

function emptyMessage(
  id: string,
  parentId: string | null,
  role: UiMessage["role"],
  content: string,
  status: UiMessage["status"],
): UiMessage {
  return {
    id,
    parentId,
    role,
    content,
    status,
    error: null,
    outputTokens: null,
    tokensPerSec: null,
    firstTokenMs: null,
    note: null,
    context: null,
  };
}

/** What a send adds: a new message after parentId, or a regenerated answer beside regenerating (same question). */
type SendTarget = { url: string; body: unknown; content: string; parentId: string | null; regenerating?: UiMessage };

export function ChatView(props: {
  conversationId: string | null;
  initialMessages: UiMessage[];
  /** The end of the branch on screen (see message-tree.ts). */
  initialLeafId?: string | null;
  /** The conversation's model; a new chat starts with the default. */
  initialModelId?: string | null;
  initialSettings?: ChatSettings;
  models: ModelOption[];
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
  const [modelId, setModelId] = useState(props.initialModelId ?? props.models.find((m) => m.isDefault)?.id ?? props.models[0]?.id ?? "");
  const model = props.models.find((m) => m.id === modelId) ?? null;
  const [settings, setSettings] = useState<ChatSettings>(props.initialSettings ?? { systemPrompt: null, sampling: {} });
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const sentAt = useRef(new Map<string, number>());
  const [ttft, setTtft] = useState<Record<string, number>>({});
  const bottom = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);

  const active = messages.find((m) => m.role === "assistant" && isActive(m.status)) ?? null;
  // The generation whose events arrive on the stream its send answered with; the events route takes over
  // (from the last event seen) only if that stream ends early.
  const [relayedBySend, setRelayedBySend] = useState<string | null>(null);
  const resumeAfter = useRef("");
  const sendAborts = useRef(new AbortController());
  useEffect(() => () => sendAborts.current.abort(), []);

  const applyTo = useCallback((id: string, event: GenerationEvent) => {
    if (event.type === "token" && sentAt.current.has(id)) {
      const start = sentAt.current.get(id) ?? 0;
      sentAt.current.delete(id);
      setTtft((t) => ({ ...t, [id]: Math.round(performance.now() - start) }));
    }
    setMessages((list) => list.map((m) => (m.id === id ? applyEvent(m, event) : m)));
  }, []);
  const onEvent = useCallback((event: GenerationEvent) => active && applyTo(active.id, event), [active, applyTo]);
  useGeneration(active && active.id !== relayedBySend ? active.id : null, onEvent, () => resumeAfter.current);
  useChatShortcuts({ box, stop: active ? () => void stop() : null });

  // Follow the answer as it grows, unless the reader has scrolled up to read something.
  useEffect(() => {
    if (following.current) bottom.current?.scrollIntoView({ block: "end" });
  });
  const onScroll = () => {
    const el = scroller.current;
    if (el) following.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  };

  function showSent(sent: SentEvent, target: SendTarget, started: number) {
    sentAt.current.set(sent.generationId, started);
    following.current = true;
    resumeAfter.current = "";
    setRelayedBySend(sent.generationId);
    setLeafId(sent.generationId);
    setEditing(null);
    setMessages((list) =>
      target.regenerating
        ? [...list, emptyMessage(sent.generationId, target.regenerating.parentId, "assistant", "", "queued")]
        : [
            ...list,
            emptyMessage(sent.userMessageId, target.parentId, "user", target.content, "done"),
            emptyMessage(sent.generationId, sent.userMessageId, "assistant", "", "queued"),
          ],
    );
    if (!conversationId) {
      setConversationId(sent.conversationId);
      // Keep this component (and its live stream) while the address becomes the conversation's.
      window.history.replaceState(null, "", `/c/${sent.conversationId}`);
    }
    window.dispatchEvent(new Event("hearth:conversations-changed"));
  }

  async function sendTo(target: SendTarget): Promise<boolean> {
    setError(null);
    setSending(true);
    const started = performance.now();
    try {
      let generationId = "";
      await sendWithStream(
        target.url,
        target.body,
        {
          onSent: (sent) => {
            generationId = sent.generationId;
            showSent(sent, target, started);
          },
          onEvent: (event) => applyTo(generationId, event),
          onEnd: ({ lastId }) => {
            resumeAfter.current = lastId;
            setRelayedBySend((current) => (current === generationId ? null : current));
          },
        },
        sendAborts.current.signal,
      );
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setSending(false);
    }
  }

  /** New settings apply to the next messages: stored with the conversation, or sent with a new chat's first. */
  async function saveSettings(next: ChatSettings): Promise<boolean> {
    try {
      if (conversationId) await api(`/api/conversations/${conversationId}`, { method: "PATCH", body: next });
      setSettings(next);
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    }
  }

  /** Switches the model for the next messages (of this conversation, when it exists). */
  function chooseModel(id: string) {
    setModelId(id);
    if (conversationId)
      void api(`/api/conversations/${conversationId}`, { method: "PATCH", body: { modelId: id } }).catch((e) => setError(errorText(e)));
  }

  function send(content: string): Promise<boolean> {
    // Refused here, before anything is sent, so the text stays in the box.
    if (model && surelyTooLong(content.length, model.promptBudgetTokens)) {
      setError(tErrors("messageTooLongForModel", tooLongValues(content.length, model.promptBudgetTokens)));
      return Promise.resolve(false);
    }
    const parentId = visible.at(-1)?.id ?? null;
    return conversationId
      ? sendTo({ url: `/api/conversations/${conversationId}/messages`, body: { content }, content, parentId })
      : sendTo({ url: "/api/conversations", body: { content, modelId: modelId || null, ...settings }, content, parentId });
  }

  function sendEdit(edited: UiMessage, content: string): Promise<boolean> {
    const url = `/api/conversations/${conversationId}/messages`;
    return sendTo({ url, body: { content, editOf: edited.id }, content, parentId: edited.parentId });
  }

  function regenerateAnswer(answer: UiMessage): Promise<boolean> {
    return sendTo({
      url: `/api/generations/${answer.id}/regenerate`,
      body: {},
      content: "",
      parentId: answer.parentId,
      regenerating: answer,
    });
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
    <div className="flex min-h-0 flex-1 flex-col">
      <ModelHeader models={props.models} modelId={modelId} onChoose={chooseModel}>
        <ConversationSettings settings={settings} maxOutputTokens={model?.maxOutputTokens ?? 2048} onSave={saveSettings} />
      </ModelHeader>
      <div ref={scroller} onScroll={onScroll} className="flex-1 overflow-y-auto">
        <div className="mx-auto max-w-3xl space-y-4 px-4 py-6">
          {messages.length === 0 && (
            <div className="mt-24 text-center text-zinc-600 dark:text-zinc-400">
              <p className="text-2xl font-semibold text-zinc-800 dark:text-zinc-200">{t("emptyTitle")}</p>
              {props.models.length === 0 && <p className="mt-2">{t("noModel")}</p>}
            </div>
          )}
          {visible.map((m) => {
            const versions = siblingsOf(messages, m);
            return (
              <div key={m.id} className="space-y-1">
                {editing === m.id ? (
                  <EditMessage initial={m.content} onSend={(text) => sendEdit(m, text)} onCancel={() => setEditing(null)} />
                ) : (
                  <MessageItem message={m} ttftMs={ttft[m.id]} />
                )}
                <BranchBar
                  role={m.role}
                  index={versions.findIndex((v) => v.id === m.id)}
                  count={versions.length}
                  onShow={(index) => showVersion(m, index)}
                  onEdit={m.role === "user" && conversationId && editing !== m.id ? () => setEditing(m.id) : undefined}
                  onRegenerate={m.role === "assistant" && !isActive(m.status) ? () => void regenerateAnswer(m) : undefined}
                  busy={active !== null || sending}
                />
              </div>
            );
          })}
          <div ref={bottom} />
        </div>
      </div>
      <div className="mx-auto w-full max-w-3xl px-4 pb-4">
        {error && (
          <p role="alert" className="mb-2 text-sm text-red-600 dark:text-red-400">
            {error}
          </p>
        )}
        <Composer onSend={send} onStop={() => void stop()} busy={sending} generating={active !== null} box={box} />
      </div>
    </div>
  );
}
