"use client";

import { useTranslations } from "use-intl";
import type { AnswerTimings } from "./answer-facts";
import { BranchBar } from "./branch-bar";
import { EditMessage } from "./edit-message";
import { MessageItem } from "./message-item";
import { isActive, type UiMessage } from "./message-state";

/** One message of the branch on screen, with its versions bar; a question being edited shows the editor. */
export function MessageTurn(props: {
  message: UiMessage;
  /** The message and its other versions, in order (see message-tree.ts). */
  versions: UiMessage[];
  timings: AnswerTimings | undefined;
  editing: boolean;
  /** Questions can be edited once the conversation exists. */
  canEdit: boolean;
  busy: boolean;
  onShowVersion: (index: number) => void;
  onEdit: () => void;
  onCancelEdit: () => void;
  onSendEdit: (text: string) => Promise<boolean>;
  onRegenerate: () => void;
}) {
  const m = props.message;
  return (
    <div className="space-y-1">
      {props.editing ? (
        <EditMessage initial={m.content} onSend={props.onSendEdit} onCancel={props.onCancelEdit} />
      ) : (
        <MessageItem message={m} timings={props.timings} />
      )}
      <BranchBar
        role={m.role}
        index={props.versions.findIndex((v) => v.id === m.id)}
        count={props.versions.length}
        onShow={props.onShowVersion}
        onEdit={m.role === "user" && props.canEdit && !props.editing ? props.onEdit : undefined}
        onRegenerate={m.role === "assistant" && !isActive(m.status) ? props.onRegenerate : undefined}
        busy={props.busy}
      />
    </div>
  );
}

/** What a chat with no messages yet shows; `noModelNote` says whom to ask when no model is installed. */
export function EmptyChat(props: { noModelNote: string | null | undefined; noModels: boolean }) {
  const t = useTranslations("chat");
  return (
    <div className="mt-24 text-center text-zinc-600 dark:text-zinc-400">
      <p className="text-2xl font-semibold text-zinc-800 dark:text-zinc-200">{t("emptyTitle")}</p>
      {props.noModelNote ? <p className="mt-2">{props.noModelNote}</p> : props.noModels && <p className="mt-2">{t("noModel")}</p>}
    </div>
  );
}
