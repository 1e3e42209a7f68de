"use client";

import { type RefObject, useEffect, useLayoutEffect, useState } from "react";
import { useTranslations } from "use-intl";
import { Button } from "../ui/button";
import { AttachMenu, type AttachMenuProps } from "./attach-menu";
import { CollectionPicker } from "./collection-picker";
import { type CollectionSource, useCollectionPicker } from "./use-collection-picker";
import { useEnterToSend } from "./use-enter-to-send";

type ComposerProps = {
  onSend: (content: string) => Promise<boolean>;
  onStop: () => void;
  busy: boolean;
  generating: boolean;
  /** The message box, so the chat's keyboard shortcuts can focus it. */
  box: RefObject<HTMLTextAreaElement | null>;
  /** Files added with the paperclip, dropped on the box or pasted into it. */
  onFiles: (files: File[]) => void;
  /** Family collections offered by typing `#` (components/chat/use-collection-picker.ts). */
  collections: CollectionSource;
  /** The paperclip's "From your files": the member's own files. */
  library: Omit<AttachMenuProps, "onFiles">;
};

export const COMPOSER_ID = "composer";

export function Composer({ onSend, onStop, busy, generating, box, onFiles, collections, library }: ComposerProps) {
  const t = useTranslations("composer");
  const [text, setText] = useState("");

  // Ready to type as soon as the chat opens, like ChatGPT.
  useEffect(() => box.current?.focus(), [box]);

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

  const enterToSend = useEnterToSend(() => void submit());
  const picker = useCollectionPicker(collections);

  function stop() {
    // Stop turns into Send when the answer ends: keep the keyboard in the message box, not at the page top.
    box.current?.focus();
    onStop();
  }

  return (
    <form
      className="relative flex min-w-0 items-end gap-2 rounded-2xl border border-zinc-300 p-2 focus-within:border-blue-600 focus-within:ring-2 focus-within:ring-blue-600 dark:border-zinc-700 dark:focus-within:border-blue-400 dark:focus-within:ring-blue-400"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes("Files")) e.preventDefault();
      }}
      onDrop={(e) => {
        if (!e.dataTransfer.files.length) return;
        e.preventDefault();
        onFiles([...e.dataTransfer.files]);
      }}
    >
      <CollectionPicker picker={picker} onChoose={(collection) => picker.choose(collection, text, setText)} />
      <AttachMenu onFiles={onFiles} {...library} />
      <textarea
        ref={box}
        id={COMPOSER_ID}
        aria-label={t("label")}
        placeholder={t("placeholder")}
        rows={1}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          picker.track(e.target.value, e.target.selectionStart);
        }}
        onClick={(e) => picker.track(e.currentTarget.value, e.currentTarget.selectionStart)}
        onPaste={(e) => {
          if (!e.clipboardData.files.length) return;
          e.preventDefault();
          onFiles([...e.clipboardData.files]);
        }}
        {...enterToSend}
        {...picker.boxProps}
        onKeyDown={(e) => {
          if (!picker.onKeyDown(e, setText)) enterToSend.onKeyDown(e);
        }}
        className="max-h-48 min-h-10 min-w-0 flex-1 resize-none bg-transparent px-2 py-2 outline-none placeholder:text-zinc-500 dark:placeholder:text-zinc-400"
      />
      {generating ? (
        <Button type="button" variant="secondary" onClick={stop} className="shrink-0">
          {t("stop")}
        </Button>
      ) : (
        <Button type="submit" disabled={busy || !text.trim()} className="shrink-0">
          {t("send")}
        </Button>
      )}
    </form>
  );
}
