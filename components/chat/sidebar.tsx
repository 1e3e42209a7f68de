"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { useEffect, useState } from "react";
import { useTranslations } from "use-intl";
import { useErrorText } from "../i18n/use-error-text";
import { api } from "../ui/api";
import { WaitingBadge } from "../ui/waiting-badge";

export type ConversationLink = { id: string; title: string; updatedAt: string };

export function Sidebar(props: { initial: ConversationLink[]; userName: string; isAdmin: boolean; waitingForApproval?: number }) {
  const t = useTranslations("sidebar");
  const tApp = useTranslations("app");
  const errorText = useErrorText();
  const [conversations, setConversations] = useState(props.initial);
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const router = useRouter();

  async function remove(c: ConversationLink) {
    if (!window.confirm(t("confirmDelete", { title: c.title }))) return;
    try {
      await api(`/api/conversations/${c.id}`, { method: "DELETE" });
      setConversations((list) => list.filter((x) => x.id !== c.id));
      if (window.location.pathname === `/c/${c.id}`) router.replace("/");
    } catch (e) {
      window.alert(errorText(e));
    }
  }

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

  useEffect(() => {
    const refresh = () => {
      api<{ conversations: ConversationLink[] }>("/api/conversations")
        .then((data) => setConversations(data.conversations))
        .catch(() => {});
    };
    window.addEventListener("hearth:conversations-changed", refresh);
    return () => window.removeEventListener("hearth:conversations-changed", refresh);
  }, []);

  return (
    <>
      <header className="flex items-center justify-between border-b border-zinc-200 px-3 py-2 md:hidden dark:border-zinc-800">
        <button
          type="button"
          aria-label={t("openConversations")}
          aria-expanded={open}
          onClick={() => setOpen(true)}
          className="px-2 text-xl"
        >
          ☰
        </button>
        <span className="font-semibold">{tApp("name")}</span>
        <a href="/" aria-label={t("newChat")} className="px-2 text-xl">
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
        className={`${open ? "fixed inset-y-0 left-0 z-40 flex" : "hidden"} w-64 shrink-0 flex-col border-r border-zinc-200 bg-zinc-50 md:static md:flex dark:border-zinc-800 dark:bg-zinc-900`}
      >
        <div className="p-3">
          {/* A full navigation: a new chat starts from a clean page. */}
          <a
            href="/"
            className="block rounded-lg border border-zinc-300 px-3 py-2 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            + {t("newChat")}
          </a>
        </div>
        <nav aria-label={t("conversations")} className="flex-1 overflow-y-auto px-2">
          <ul className="space-y-1">
            {conversations.map((c) => (
              <li
                key={c.id}
                className={`group flex items-center rounded-lg hover:bg-zinc-200 dark:hover:bg-zinc-800 ${
                  pathname === `/c/${c.id}` ? "bg-zinc-200 dark:bg-zinc-800" : ""
                }`}
              >
                <Link
                  href={`/c/${c.id}`}
                  prefetch={false}
                  data-testid="conversation-link"
                  className="block flex-1 truncate px-3 py-2 text-sm"
                >
                  {c.title}
                </Link>
                <button
                  type="button"
                  aria-label={t("deleteConversation", { title: c.title })}
                  className="px-2 text-zinc-600 hover:text-red-600 dark:text-zinc-400"
                  onClick={() => void remove(c)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="space-y-1 border-t border-zinc-200 p-3 text-sm dark:border-zinc-800">
          <p className="truncate font-medium">{props.userName}</p>
          {/* Not prefetched: each prefetch renders a page on the server and is digested on the page's thread, where
              it showed up as a long task while an answer streamed; these pages are a click away and quick anyway. */}
          <Link href="/account" prefetch={false} className="block text-zinc-600 underline dark:text-zinc-400">
            {t("account")}
          </Link>
          {props.isAdmin && (
            <Link
              href={props.waitingForApproval ? "/admin#users" : "/admin"}
              prefetch={false}
              className="block text-zinc-600 underline dark:text-zinc-400"
            >
              {t("admin")}
              <WaitingBadge count={props.waitingForApproval ?? 0} className="ml-2" />
            </Link>
          )}
          <Link href="/settings" prefetch={false} className="block text-zinc-600 underline dark:text-zinc-400">
            {t("settings")}
          </Link>
          <button
            type="button"
            className="text-zinc-600 underline dark:text-zinc-400"
            onClick={() => void signOut({ callbackUrl: "/login" })}
          >
            {t("signOut")}
          </button>
        </div>
      </aside>
    </>
  );
}
