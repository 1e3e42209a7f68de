"use client";
// One conversation in the sidebar: its link, rename in place (double-click, F2 or the menu; Enter saves,
// Escape cancels), a menu to pin, archive, share, export, move to a folder or delete it, and dragging it onto
// a folder.
import Link from "next/link";
import { useRef, useState } from "react";
import { useTranslations } from "use-intl";
import type { ConversationLink } from "@/lib/queries/conversation-list";
import type { FolderView } from "@/lib/queries/folders";
import { startDownload } from "../ui/download";
import { MenuButton, type MenuEntry } from "./menu";
import { ShareDialog, useShare } from "./share-dialog";

export type ItemActions = {
  rename: (link: ConversationLink, title: string) => void;
  togglePin: (link: ConversationLink) => void;
  toggleArchive: (link: ConversationLink) => void;
  remove: (link: ConversationLink) => void;
  /** Into one of the member's folders, or out of its folder with null. */
  move: (link: ConversationLink, folderId: string | null) => void;
  /** A drag of this conversation began (its drop on a folder moves it). */
  dragStart: (link: ConversationLink) => void;
  folders: FolderView[];
};

/** The data type a dragged conversation carries: drop targets accept only that. */
export const CONVERSATION_DRAG_TYPE = "application/x-hearth-conversation";

/** A name typed in place; onDone gets the new name, trimmed, or null when it was cancelled, left empty or unchanged. */
export function RenameBox(props: { title: string; label: string; maxLength: number; onDone: (title: string | null) => void }) {
  const [value, setValue] = useState(props.title);
  const done = useRef(false);
  const finish = (title: string | null) => {
    if (done.current) return;
    done.current = true;
    const trimmed = title?.trim();
    props.onDone(trimmed && trimmed !== props.title ? trimmed : null);
  };
  return (
    <input
      // biome-ignore lint/a11y/noAutofocus: the member asked to name this very item
      autoFocus
      aria-label={props.label}
      value={value}
      maxLength={props.maxLength}
      onChange={(event) => setValue(event.target.value)}
      onFocus={(event) => event.target.select()}
      onBlur={() => finish(value)}
      onKeyDown={(event) => {
        if (event.key === "Enter" && !event.nativeEvent.isComposing) finish(value);
        if (event.key === "Escape") {
          event.stopPropagation();
          finish(null);
        }
      }}
      className="min-h-8 w-full flex-1 rounded border border-blue-500 bg-white px-2 text-sm pointer-coarse:min-h-11 dark:bg-zinc-950"
    />
  );
}

function useMenuEntries(link: ConversationLink, actions: ItemActions, on: { rename: () => void; share: () => void }): MenuEntry[] {
  const t = useTranslations("sidebar");
  const tShares = useTranslations("shares");
  const moves: MenuEntry[] = actions.folders
    .filter((folder) => folder.id !== link.folderId)
    .map((folder) => ({ label: t("moveTo", { name: folder.name }), run: () => actions.move(link, folder.id) }));
  return [
    { label: t("rename"), run: on.rename },
    ...(link.archived ? [] : [{ label: link.pinned ? t("unpin") : t("pin"), run: () => actions.togglePin(link) }]),
    { label: link.archived ? t("unarchive") : t("archive"), run: () => actions.toggleArchive(link) },
    ...(link.folderId ? [{ label: t("moveOut"), run: () => actions.move(link, null) }] : []),
    ...moves,
    { label: tShares("share"), run: on.share },
    { label: t("exportMarkdown"), run: () => startDownload(`/api/conversations/${link.id}/export?format=markdown`) },
    { label: t("exportJson"), run: () => startDownload(`/api/conversations/${link.id}/export?format=json`) },
    { label: t("delete"), run: () => actions.remove(link), danger: true },
  ];
}

export function ConversationItem(props: { link: ConversationLink; active: boolean; actions: ItemActions }) {
  const t = useTranslations("sidebar");
  const [renaming, setRenaming] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const { link } = props;
  const share = useShare(link.id);
  const entries = useMenuEntries(link, props.actions, { rename: () => setRenaming(true), share: share.start });
  return (
    <li
      data-testid="conversation-item"
      data-pinned={link.pinned || undefined}
      draggable={!renaming && !share.state}
      onDragStart={(event) => {
        event.dataTransfer.setData(CONVERSATION_DRAG_TYPE, link.id);
        event.dataTransfer.effectAllowed = "move";
        props.actions.dragStart(link);
      }}
      className={`group relative flex items-center rounded-lg hover:bg-zinc-200 dark:hover:bg-zinc-800 ${props.active ? "bg-zinc-200 dark:bg-zinc-800" : ""}`}
    >
      {renaming ? (
        <RenameBox
          title={link.title}
          label={t("renameLabel")}
          maxLength={200}
          onDone={(title) => {
            setRenaming(false);
            if (title) props.actions.rename(link, title);
          }}
        />
      ) : (
        <Link
          href={`/c/${link.id}`}
          prefetch={false}
          draggable={false}
          data-testid="conversation-link"
          aria-current={props.active ? "page" : undefined}
          onDoubleClick={(event) => {
            event.preventDefault();
            setRenaming(true);
          }}
          onKeyDown={(event) => {
            if (event.key === "F2") {
              event.preventDefault();
              setRenaming(true);
            }
          }}
          className="flex min-h-8 flex-1 items-center truncate px-3 text-sm pointer-coarse:min-h-11"
        >
          <span className="truncate">{link.title}</span>
        </Link>
      )}
      <MenuButton
        label={t("menuFor", { title: link.title })}
        open={menuOpen}
        onToggle={() => setMenuOpen((open) => !open)}
        onClose={() => setMenuOpen(false)}
        entries={entries}
        button={menuButton}
      />
      {share.state && (
        <ShareDialog
          title={link.title}
          state={share.state}
          onClose={() => {
            share.close();
            menuButton.current?.focus();
          }}
        />
      )}
    </li>
  );
}
