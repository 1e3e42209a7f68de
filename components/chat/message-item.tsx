import { CopyButton } from "./copy-button";
import type { UiMessage } from "./message-state";

function stats(m: UiMessage): string | null {
  if (m.status !== "done" && m.status !== "stopped") return null;
  const parts = [];
  if (m.outputTokens !== null) parts.push(`${m.outputTokens} tokens`);
  if (m.tokensPerSec !== null) parts.push(`${m.tokensPerSec.toFixed(1)} tok/s`);
  if (m.firstTokenMs !== null) parts.push(`first token ${m.firstTokenMs} ms`);
  if (m.context?.contextSize) parts.push(`context ${m.context.promptTokens + (m.outputTokens ?? 0)} / ${m.context.contextSize}`);
  return parts.join(" · ") || null;
}

export function MessageItem({ message, ttftMs }: { message: UiMessage; ttftMs?: number }) {
  const mine = message.role === "user";
  const line = stats(message);
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
        {message.note && <p className="mt-1 text-sm text-zinc-500">{message.note}</p>}
        {message.status === "stopped" && <p className="mt-1 text-xs text-zinc-500">Stopped</p>}
        {message.status === "failed" && (
          <p role="alert" className="mt-1 text-sm text-red-600">
            {message.error ?? "The answer failed."}
          </p>
        )}
        {message.context && message.context.trimmedTurns > 0 && (
          <p data-testid="message-trimmed" className="mt-1 text-xs text-amber-600">
            {message.context.trimmedTurns} earlier message{message.context.trimmedTurns === 1 ? " was" : "s were"} left out to fit the
            model&apos;s context.
          </p>
        )}
        {line && (
          <div className="mt-1 flex flex-wrap items-center gap-3">
            {message.content && <CopyButton text={message.content} />}
            <p data-testid="message-stats" className="text-xs text-zinc-500">
              {line}
            </p>
          </div>
        )}
      </div>
    </div>
  );
}
