"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import type { ConversationPage } from "@/lib/queries/conversation-list";
import type { FolderView } from "@/lib/queries/folders";
import { useFocusTrap } from "../ui/use-focus-trap";
import { WaitingBadge } from "../ui/waiting-badge";
import { ConversationList } from "./conversation-list";
import { SearchDialog, useSearchShortcut } from "./search-dialog";
import { useFolders } from "./use-folders";

// Every link and button here is a target at least 24 px tall, 44 px where the pointer is a finger.
const target = "flex min-h-6 items-center pointer-coarse:min-h-11";

export function Sidebar(props: {
  initial: ConversationPage;
  initialFolders: FolderView[];
  userName: string;
  isAdmin: boolean;
  waitingForApproval?: number;
}) {
  const t = useTranslations("sidebar");
  const tApp = useTranslations("app");
  const tSearch = useTranslations("search");
  const [open, setOpen] = useState(false);
  const [searching, setSearching] = useState(false);
  const folders = useFolders(props.initialFolders);
  useSearchShortcut(() => setSearching(true));
  const pathname = usePathname();
  const drawer = useRef<HTMLElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  useFocusTrap({ active: open, container: drawer, returnTo: opener });

  // On a phone the list is a drawer; it closes whenever the page changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on navigation by design
  useEffect(() => setOpen(false), [pathname]);

  // The open drawer closes with Escape, like a dialog.
  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [open]);

  return (
    <>
      <header className="flex items-center justify-between border-b border-zinc-200 px-3 py-2 md:hidden dark:border-zinc-800">
        <button
          ref={opener}
          type="button"
          aria-label={t("openConversations")}
          aria-expanded={open}
          onClick={() => setOpen(true)}
          className="min-h-11 min-w-11 px-2 text-xl"
        >
          ☰
        </button>
        <span className="font-semibold">{tApp("name")}</span>
        <a href="/" aria-label={t("newChat")} className="flex min-h-11 min-w-11 items-center justify-center px-2 text-xl">
          +
        </a>
      </header>
      {open && (
        <button
          type="button"
          aria-label={t("closeConversations")}
          className="fixed inset-0 z-30 bg-black/40 md:hidden"
          onClick={() => setOpen(false)}
        />
      )}
      <aside
        ref={drawer}
        // On a phone the open drawer is a modal dialog: the keyboard stays in it until it closes.
        {...(open ? { role: "dialog", "aria-modal": true, "aria-label": t("conversations") } : {})}
        className={`${open ? "fixed inset-y-0 left-0 z-40 flex" : "hidden"} w-64 shrink-0 flex-col border-r border-zinc-200 bg-zinc-50 md:static md:flex dark:border-zinc-800 dark:bg-zinc-900`}
      >
        <div className="p-3">
          {/* A full navigation: a new chat starts from a clean page. */}
          <a
            href="/"
            className="block rounded-lg border border-zinc-300 px-3 py-2 text-sm font-medium hover:bg-zinc-100 pointer-coarse:py-3 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            + {t("newChat")}
          </a>
          <button
            type="button"
            onClick={() => setSearching(true)}
            aria-keyshortcuts="Control+K Meta+K"
            className="mt-2 block min-h-8 w-full rounded-lg px-3 text-left text-sm text-zinc-700 hover:bg-zinc-100 pointer-coarse:min-h-11 dark:text-zinc-300 dark:hover:bg-zinc-800"
          >
            🔍 {tSearch("open")}
          </button>
        </div>
        <ConversationList initial={props.initial} folders={folders} />
        <div className="space-y-1 border-t border-zinc-200 p-3 text-sm dark:border-zinc-800">
          <p className="truncate font-medium">{props.userName}</p>
          {/* Not prefetched: each prefetch renders a page on the server and is digested on the page's thread, where
              it showed up as a long task while an answer streamed; these pages are a click away and quick anyway. */}
          <Link href="/account" prefetch={false} className={`${target} text-zinc-600 underline dark:text-zinc-400`}>
            {t("account")}
          </Link>
          {props.isAdmin && (
            <Link
              href={props.waitingForApproval ? "/admin#users" : "/admin"}
              prefetch={false}
              className={`${target} text-zinc-600 underline dark:text-zinc-400`}
            >
              {t("admin")}
              <WaitingBadge count={props.waitingForApproval ?? 0} className="ml-2" />
            </Link>
          )}
          <Link href="/settings" prefetch={false} className={`${target} text-zinc-600 underline dark:text-zinc-400`}>
            {t("settings")}
          </Link>
          <button
            type="button"
            className={`${target} text-zinc-600 underline dark:text-zinc-400`}
            onClick={() => void signOut({ callbackUrl: "/login" })}
          >
            {t("signOut")}
          </button>
        </div>
      </aside>
      {searching && <SearchDialog folders={folders.folders} onClose={() => setSearching(false)} />}
    </>
  );
}
