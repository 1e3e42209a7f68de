"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { surelyTooLong, tooLongValues } from "@/lib/generations/prompt-budget";
import type { GenerationEvent, SentEvent } from "@/lib/generations/protocol";
import type { ModelChoice } from "@/lib/queries/models";
import { useErrorText } from "../i18n/use-error-text";
import { api } from "../ui/api";
import type { AnswerTimings } from "./answer-facts";
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
  const [modelId, setModelId] = useState(props.initialModelId ?? props.models.find((m) => m.isDefault)?.id ?? props.models[0]?.id ?? "");
  const model = props.models.find((m) => m.id === modelId) ?? null;
  const [settings, setSettings] = useState<ChatSettings>(props.initialSettings ?? { systemPrompt: null, sampling: {} });
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const sentAt = useRef(new Map<string, number>());
  const [timings, setTimings] = useState<Record<string, AnswerTimings>>({});
  const bottom = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [scrolledUp, setScrolledUp] = useState(false);

  const active = messages.find((m) => m.role === "assistant" && isActive(m.status)) ?? null;
  // The generation whose events arrive on the stream its send answered with; the events route takes over
  // (from the last event seen) only if that stream ends early.
  const [relayedBySend, setRelayedBySend] = useState<string | null>(null);
  const resumeAfter = useRef("");
  const sendAborts = useRef(new AbortController());
  useEffect(() => () => sendAborts.current.abort(), []);

  const timed = useRef(new Set<string>());
  const time = useCallback((id: string, key: keyof AnswerTimings) => {
    const start = sentAt.current.get(id);
    if (start === undefined || timed.current.has(`${id}:${key}`)) return;
    timed.current.add(`${id}:${key}`);
    // Measured once the browser has painted it: what the person actually waited, queue and model loading included.
    requestAnimationFrame(() => setTimings((t) => ({ ...t, [id]: { ...t[id], [key]: Math.round(performance.now() - start) } })));
  }, []);

  // Tokens can arrive faster than the screen refreshes: they are applied in one batch per frame.
  const pending = useRef<{ id: string; event: GenerationEvent }[]>([]);
  const frame = useRef<number | null>(null);
  const flush = useCallback(() => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    frame.current = null;
    const batch = pending.current;
    pending.current = [];
    if (batch.length)
      setMessages((list) => list.map((m) => batch.reduce((msg, b) => (b.id === msg.id ? applyEvent(msg, b.event) : msg), m)));
  }, []);
  const applyTo = useCallback(
    (id: string, event: GenerationEvent) => {
      if (event.type === "token") time(id, "waitedMs");
      if (event.type === "done" || event.type === "stopped") time(id, "tookMs");
      pending.current.push({ id, event });
      frame.current ??= requestAnimationFrame(flush);
    },
    [time, flush],
  );
  const onEvent = useCallback((event: GenerationEvent) => active && applyTo(active.id, event), [active, applyTo]);
  useGeneration(active && active.id !== relayedBySend ? active.id : null, onEvent, () => resumeAfter.current);
  useChatShortcuts({ box, stop: active ? () => void stop() : null });

  // Follow the answer as it grows, unless the reader has scrolled up to read something.
  useEffect(() => {
    if (following.current) bottom.current?.scrollIntoView({ block: "end" });
  });
  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    following.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    setScrolledUp(!following.current);
  };
  const jumpToLatest = () => {
    following.current = true;
    setScrolledUp(false);
    bottom.current?.scrollIntoView({ block: "end" });
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
        ? [...list, { ...emptyMessage(sent.generationId, target.regenerating.parentId, "assistant", "", "queued"), modelName: model?.name }]
        : [
            ...list,
            emptyMessage(sent.userMessageId, target.parentId, "user", target.content, "done"),
            { ...emptyMessage(sent.generationId, sent.userMessageId, "assistant", "", "queued"), modelName: model?.name },
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
            // The final event (if it came) is shown in the same render that hands over to the events route.
            flush();
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
    <div className="relative flex min-h-0 min-w-0 flex-1 flex-col">
      <ModelHeader models={props.models} modelId={modelId} onChoose={chooseModel}>
        <ConversationSettings settings={settings} maxOutputTokens={model?.maxOutputTokens ?? 2048} onSave={saveSettings} />
      </ModelHeader>
      <div ref={scroller} onScroll={onScroll} data-testid="message-list" className="flex-1 overflow-x-hidden overflow-y-auto">
        <div className="mx-auto max-w-3xl min-w-0 space-y-4 px-4 py-6">
          {messages.length === 0 && (
            <div className="mt-24 text-center text-zinc-600 dark:text-zinc-400">
              <p className="text-2xl font-semibold text-zinc-800 dark:text-zinc-200">{t("emptyTitle")}</p>
              {props.noModelNote ? (
                <p className="mt-2">{props.noModelNote}</p>
              ) : (
                props.models.length === 0 && <p className="mt-2">{t("noModel")}</p>
              )}
            </div>
          )}
          {visible.map((m) => {
            const versions = siblingsOf(messages, m);
            return (
              <div key={m.id} className="space-y-1">
                {editing === m.id ? (
                  <EditMessage initial={m.content} onSend={(text) => sendEdit(m, text)} onCancel={() => setEditing(null)} />
                ) : (
                  <MessageItem message={m} timings={timings[m.id]} />
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
      {scrolledUp && active && (
        <button
          type="button"
          onClick={jumpToLatest}
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
        <Composer onSend={send} onStop={() => void stop()} busy={sending} generating={active !== null} box={box} />
      </div>
    </div>
  );
}
