"use client";

import { useLayoutEffect, useRef, useState } from "react";
import { Button } from "../ui/button";

type ComposerProps = {
  onSend: (content: string) => Promise<boolean>;
  onStop: () => void;
  busy: boolean;
  generating: boolean;
};

export function Composer({ onSend, onStop, busy, generating }: ComposerProps) {
  const [text, setText] = useState("");
  const box = useRef<HTMLTextAreaElement>(null);

  // The box grows with its text (up to its max height), like ChatGPT's.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-measure whenever the text changes
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${el.scrollHeight}px`;
  }, [text]);

  async function submit() {
    if (!text.trim() || busy || generating) return;
    // The text stays in the box until the server has stored the message.
    if (await onSend(text)) setText("");
  }

  return (
    <form
      className="flex min-w-0 items-end gap-2 rounded-2xl border border-zinc-300 p-2 dark:border-zinc-700"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <textarea
        ref={box}
        aria-label="Message"
        placeholder="Message Hearth"
        rows={1}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void submit();
          }
        }}
        className="max-h-48 min-h-10 min-w-0 flex-1 resize-none bg-transparent px-2 py-2 outline-none"
      />
      {generating ? (
        <Button type="button" variant="secondary" onClick={onStop} className="shrink-0">
          Stop
        </Button>
      ) : (
        <Button type="submit" disabled={busy || !text.trim()} className="shrink-0">
          Send
        </Button>
      )}
    </form>
  );
}
