"use client";
// One conversation in the sidebar: its link, rename in place (double-click, F2 or the menu; Enter saves,
// Escape cancels) and a menu to pin, archive, export or delete it.
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import type { ConversationLink } from "@/lib/queries/conversation-list";
import { startDownload } from "../ui/download";

export type ItemActions = {
  rename: (link: ConversationLink, title: string) => void;
  togglePin: (link: ConversationLink) => void;
  toggleArchive: (link: ConversationLink) => void;
  remove: (link: ConversationLink) => void;
};

function RenameBox(props: { title: string; onDone: (title: string | null) => void }) {
  const t = useTranslations("sidebar");
  const [value, setValue] = useState(props.title);
  const done = useRef(false);
  const finish = (title: string | null) => {
    if (done.current) return;
    done.current = true;
    props.onDone(title);
  };
  return (
    <input
      // biome-ignore lint/a11y/noAutofocus: the member asked to rename this very item
      autoFocus
      aria-label={t("renameLabel")}
      value={value}
      maxLength={200}
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

function ItemMenu(props: { link: ConversationLink; actions: ItemActions; onRename: () => void; onClose: () => void }) {
  const t = useTranslations("sidebar");
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    menu.current?.querySelector("button")?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node)) props.onClose();
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [props.onClose]);
  const { link, actions } = props;
  const item = (label: string, run: () => void, danger = false) => (
    <button
      type="button"
      role="menuitem"
      onClick={() => {
        props.onClose();
        run();
      }}
      className={`block min-h-8 w-full px-3 text-left text-sm hover:bg-zinc-100 focus:bg-zinc-100 pointer-coarse:min-h-11 dark:hover:bg-zinc-800 dark:focus:bg-zinc-800 ${danger ? "text-red-700 dark:text-red-400" : ""}`}
    >
      {label}
    </button>
  );
  return (
    <div
      ref={menu}
      role="menu"
      aria-label={t("menuFor", { title: link.title })}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.stopPropagation();
          props.onClose();
        }
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          event.preventDefault();
          const buttons = [...(menu.current?.querySelectorAll("button") ?? [])];
          const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
          const next = buttons[(index + (event.key === "ArrowDown" ? 1 : buttons.length - 1)) % buttons.length];
          next?.focus();
        }
      }}
      className="absolute right-1 top-full z-50 w-44 overflow-hidden rounded-lg border border-zinc-200 bg-white py-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
    >
      {item(t("rename"), props.onRename)}
      {!link.archived && item(link.pinned ? t("unpin") : t("pin"), () => actions.togglePin(link))}
      {item(link.archived ? t("unarchive") : t("archive"), () => actions.toggleArchive(link))}
      {item(t("exportMarkdown"), () => startDownload(`/api/conversations/${link.id}/export?format=markdown`))}
      {item(t("exportJson"), () => startDownload(`/api/conversations/${link.id}/export?format=json`))}
      {item(t("delete"), () => actions.remove(link), true)}
    </div>
  );
}

export function ConversationItem(props: { link: ConversationLink; active: boolean; actions: ItemActions }) {
  const t = useTranslations("sidebar");
  const [renaming, setRenaming] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const { link } = props;
  const closeMenu = () => {
    setMenuOpen(false);
    menuButton.current?.focus();
  };
  return (
    <li
      data-testid="conversation-item"
      data-pinned={link.pinned || undefined}
      className={`group relative flex items-center rounded-lg hover:bg-zinc-200 dark:hover:bg-zinc-800 ${props.active ? "bg-zinc-200 dark:bg-zinc-800" : ""}`}
    >
      {renaming ? (
        <RenameBox
          title={link.title}
          onDone={(title) => {
            setRenaming(false);
            const trimmed = title?.trim();
            if (trimmed && trimmed !== link.title) props.actions.rename(link, trimmed);
          }}
        />
      ) : (
        <Link
          href={`/c/${link.id}`}
          prefetch={false}
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
      <button
        ref={menuButton}
        type="button"
        aria-label={t("menuFor", { title: link.title })}
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        onClick={() => setMenuOpen((open) => !open)}
        className="min-h-8 min-w-8 px-2 text-zinc-600 pointer-coarse:min-h-11 pointer-coarse:min-w-11 dark:text-zinc-400"
      >
        ⋯
      </button>
      {menuOpen && <ItemMenu link={link} actions={props.actions} onRename={() => setRenaming(true)} onClose={closeMenu} />}
    </li>
  );
}
