"use client";
// The composer's paperclip: a menu to upload files from this device or to add one of the member's own files
// (the picker). Dropping or pasting files into the composer still uploads them directly.
import { useRef, useState } from "react";
import { useTranslations } from "use-intl";
import type { LibraryDocument } from "@/lib/queries/documents";
import { FileInput } from "../ui/file-input";
import { FilePicker } from "./file-picker";
import { Menu } from "./menu";

export type AttachMenuProps = {
  /** Files chosen on this device. */
  onFiles: (files: File[]) => void;
  /** One of the member's files chosen in the picker. */
  onChoose: (file: LibraryDocument) => Promise<void>;
  /** Ids of the files the chat already has. */
  inChat: string[];
};

export function AttachMenu({ onFiles, onChoose, inChat }: AttachMenuProps) {
  const t = useTranslations("documents");
  const button = useRef<HTMLButtonElement>(null);
  const upload = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState<"menu" | "picker" | null>(null);
  // The focus goes back to the paperclip, as it would after a menu of the sidebar.
  const close = () => {
    setOpen(null);
    button.current?.focus();
  };
  return (
    <div className="relative shrink-0">
      <FileInput ref={upload} testId="file-input" onFiles={onFiles} />
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open === "menu"}
        onClick={() => setOpen((now) => (now === "menu" ? null : "menu"))}
        aria-label={t("attach")}
        title={t("attach")}
        className="flex size-10 items-center justify-center rounded-xl hover:bg-zinc-100 dark:hover:bg-zinc-800"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2">
          <path d="M21 12.5 12.5 21a5 5 0 0 1-7-7L14 5.5a3.5 3.5 0 0 1 5 5L10.5 19a2 2 0 0 1-3-3L15 8.5" />
        </svg>
      </button>
      {open === "menu" && (
        <Menu
          label={t("attach")}
          placement="above"
          onClose={close}
          entries={[
            { label: t("uploadFromDevice"), run: () => upload.current?.click() },
            { label: t("fromYourFiles"), run: () => setOpen("picker") },
          ]}
        />
      )}
      {open === "picker" && <FilePicker inChat={inChat} onChoose={onChoose} onClose={close} />}
    </div>
  );
}
