import { useTranslations } from "use-intl";
import type { ErrorKey } from "@/lib/i18n/config";
import { CopyButton } from "./copy-button";
import type { UiMessage } from "./message-state";
import { noteText } from "./note-text";

type MessageTranslator = ReturnType<typeof useTranslations<"message">>;

function stats(t: MessageTranslator, m: UiMessage): string | null {
  if (m.status !== "done" && m.status !== "stopped") return null;
  const parts = [];
  if (m.outputTokens !== null) parts.push(t("tokens", { count: m.outputTokens }));
  if (m.tokensPerSec !== null) parts.push(t("speed", { speed: m.tokensPerSec }));
  if (m.firstTokenMs !== null) parts.push(t("firstToken", { ms: m.firstTokenMs }));
  if (m.context?.contextSize) {
    parts.push(t("context", { used: m.context.promptTokens + (m.outputTokens ?? 0), size: m.context.contextSize }));
  }
  return parts.join(" · ") || null;
}

export function MessageItem({ message, ttftMs }: { message: UiMessage; ttftMs?: number }) {
  const t = useTranslations("message");
  const tQueue = useTranslations("queue");
  const tErrors = useTranslations("errors");
  // A stored failure reason is a catalogue key when Hearth itself failed, else the model engine's own words.
  const reason = message.error && tErrors.has(message.error as ErrorKey) ? tErrors(message.error as ErrorKey) : message.error;
  const mine = message.role === "user";
  const line = stats(t, message);
  return (
    <div className={`flex ${mine ? "justify-end" : "justify-start"}`}>
      <div
        data-testid={`message-${message.role}`}
        data-status={message.status}
        data-message-id={message.id}
        data-ttft-ms={ttftMs}
        className={`rounded-2xl py-3 ${mine ? "max-w-[85%] bg-zinc-100 px-4 dark:bg-zinc-800" : "w-full px-1"}`}
      >
        {/* Text is rendered as text: HTML inside a message is shown, never executed. */}
        <div data-testid="message-content" className="whitespace-pre-wrap break-words leading-relaxed">
          {message.content}
          {message.status === "generating" && <span className="ml-0.5 inline-block animate-pulse">▍</span>}
        </div>
        {message.note && <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{noteText(tQueue, message.note)}</p>}
        {message.status === "stopped" && <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{t("stopped")}</p>}
        {message.status === "failed" && (
          <p role="alert" className="mt-1 text-sm text-red-600 dark:text-red-400">
            {t("failed")}
            {reason && <span className="block text-xs opacity-80">{reason}</span>}
          </p>
        )}
        {message.context && message.context.trimmedTurns > 0 && (
          <p data-testid="message-trimmed" className="mt-1 text-xs text-amber-700 dark:text-amber-400">
            {t("trimmed", { count: message.context.trimmedTurns })}
          </p>
        )}
        {line && (
          <div className="mt-1 flex flex-wrap items-center gap-3">
            {message.content && <CopyButton text={message.content} />}
            <p data-testid="message-stats" className="text-xs text-zinc-600 dark:text-zinc-400">
              {line}
            </p>
          </div>
        )}
      </div>
    </div>
  );
}
