import { memo } from "react";
import { useTranslations } from "use-intl";
import { failureText } from "../i18n/failure-text";
import { AnswerDetails } from "./answer-details";
import { type AnswerTimings, answerFacts } from "./answer-facts";
import { AnswerSourceList } from "./answer-sources";
import { CopyButton } from "./copy-button";
import { Markdown } from "./markdown";
import type { UiMessage } from "./message-state";
import { noteText } from "./note-text";

export const MessageItem = memo(function MessageItem({ message, timings }: { message: UiMessage; timings?: AnswerTimings }) {
  const t = useTranslations("message");
  const tQueue = useTranslations("queue");
  const tErrors = useTranslations("errors");
  const reason = message.error && failureText(tErrors, message.error);
  const mine = message.role === "user";
  const facts = answerFacts(t, message, timings);
  const finished = message.status === "done" || message.status === "stopped";
  return (
    <div className={`group flex min-w-0 ${mine ? "flex-col items-end" : "justify-start"}`}>
      <div
        data-testid={`message-${message.role}`}
        data-status={message.status}
        data-message-id={message.id}
        data-ttft-ms={timings?.waitedMs}
        title={!mine && message.modelName ? t("writtenBy", { name: message.modelName }) : undefined}
        className={`min-w-0 rounded-2xl py-3 ${mine ? "max-w-[85%] bg-zinc-100 px-4 dark:bg-zinc-800" : "w-full px-1"}`}
      >
        {mine ? (
          // A person's own words are shown as they typed them: plain text, never markdown or HTML.
          <div data-testid="message-content" className="whitespace-pre-wrap leading-relaxed wrap-anywhere">
            {message.content}
          </div>
        ) : (
          <div data-testid="message-content" data-source={message.content} className="leading-relaxed">
            <Markdown text={message.content} streaming={message.status === "generating"} />
          </div>
        )}
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
        {!mine && finished && message.sources && <AnswerSourceList sources={message.sources} />}
        {!mine && finished && (
          <div className="mt-1 flex items-center gap-3">
            {message.content && <CopyButton text={message.content} />}
            {facts.length > 0 && <AnswerDetails facts={facts} />}
          </div>
        )}
      </div>
      {mine && (
        <div className="mt-1 px-1">
          <CopyButton text={message.content} />
        </div>
      )}
    </div>
  );
});
