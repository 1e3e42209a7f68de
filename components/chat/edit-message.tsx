"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { Button } from "../ui/button";
import { useEnterToSend } from "./use-enter-to-send";

// Editing a sent message: the edit is sent as a new version beside it; the original stays one click away.
export function EditMessage({
  initial,
  onSend,
  onCancel,
}: {
  initial: string;
  onSend: (text: string) => Promise<boolean>;
  onCancel: () => void;
}) {
  const t = useTranslations("chat");
  const [text, setText] = useState(initial);
  const [sending, setSending] = useState(false);
  async function send() {
    if (!text.trim() || sending) return;
    setSending(true);
    if (!(await onSend(text))) setSending(false);
  }
  const enterToSend = useEnterToSend(() => void send());
  return (
    <form
      className="ml-auto flex w-full max-w-[85%] flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <textarea
        aria-label={t("editMessage")}
        // biome-ignore lint/a11y/noAutofocus: the person just asked to edit this message
        autoFocus
        value={text}
        onChange={(e) => setText(e.target.value)}
        {...enterToSend}
        onKeyDown={(e) => (e.key === "Escape" ? onCancel() : enterToSend.onKeyDown(e))}
        rows={3}
        className="w-full resize-y rounded-xl border border-zinc-300 bg-transparent p-3 focus:outline-2 focus:outline-blue-500 dark:border-zinc-700"
      />
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onCancel}>
          {t("cancel")}
        </Button>
        <Button type="submit" disabled={sending || !text.trim()}>
          {t("send")}
        </Button>
      </div>
    </form>
  );
}
