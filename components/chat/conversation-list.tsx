"use client";
// The sidebar's conversations: pinned on top, then dated groups, loaded page by page as the member scrolls;
// the archived ones one click away; a deleted one can be brought back for a few seconds.
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useFormatter, useTranslations } from "use-intl";
import type { ConversationLink, ConversationPage } from "@/lib/queries/conversation-list";
import { useErrorText } from "../i18n/use-error-text";
import { ConversationItem, type ItemActions } from "./conversation-item";
import { type DateGroupKey, groupByDate } from "./date-groups";
import { useConversationList } from "./use-conversation-list";

function useGroupLabel() {
  const t = useTranslations("sidebar.groups");
  const format = useFormatter();
  return (key: DateGroupKey) =>
    key.kind === "month" ? format.dateTime(new Date(key.year, key.month, 1), { year: "numeric", month: "long" }) : t(key.kind);
}

function Group(props: { label: string; links: ConversationLink[]; activeId: string | null; actions: ItemActions }) {
  return (
    <section className="mb-3">
      {props.label && <h2 className="px-3 pb-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">{props.label}</h2>}
      <ul className="space-y-0.5">
        {props.links.map((link) => (
          <ConversationItem key={link.id} link={link} active={props.activeId === link.id} actions={props.actions} />
        ))}
      </ul>
    </section>
  );
}

function UndoToast(props: { title: string; onUndo: () => void }) {
  const t = useTranslations("sidebar");
  return (
    <div role="status" className="mx-2 mb-2 flex items-center justify-between gap-2 rounded-lg bg-zinc-800 px-3 py-2 text-sm text-white">
      <span className="truncate">{t("deleted", { title: props.title })}</span>
      <button type="button" onClick={props.onUndo} className="min-h-8 font-semibold underline pointer-coarse:min-h-11">
        {t("undo")}
      </button>
    </div>
  );
}

export function ConversationList(props: { initial: ConversationPage }) {
  const t = useTranslations("sidebar");
  const errorText = useErrorText();
  const groupLabel = useGroupLabel();
  const pathname = usePathname();
  const router = useRouter();
  const list = useConversationList(props.initial);
  const sentinel = useRef<HTMLDivElement>(null);
  // Groups follow the browser's calendar, which the server does not know: they appear once on the page.
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => setNow(new Date()), []);
  const activeId = pathname.startsWith("/c/") ? (pathname.split("/")[2] ?? null) : null;

  const { loadMore } = list;
  useEffect(() => {
    const target = sentinel.current;
    if (!target) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) void loadMore().catch(() => {});
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [loadMore]);

  const report = (error: unknown) => window.alert(errorText(error));
  const actions: ItemActions = {
    rename: (link, title) => void list.update(link, { title }).catch(report),
    togglePin: (link) => void list.update(link, { pinned: !link.pinned }).catch(report),
    toggleArchive: (link) => void list.update(link, { archived: !link.archived }).catch(report),
    remove: (link) => {
      list.remove(link);
      if (activeId === link.id) router.replace("/");
    },
  };
  const { pinned, conversations, nextCursor } = list.page;
  const empty = pinned.length === 0 && conversations.length === 0;

  return (
    <>
      <nav aria-label={t("conversations")} className="flex-1 overflow-y-auto px-2" data-testid="conversation-list">
        <div className="mb-2 flex items-center justify-between px-1">
          <button
            type="button"
            aria-pressed={list.showArchived}
            onClick={() => void list.switchList(!list.showArchived).catch(report)}
            className="min-h-8 text-xs text-zinc-600 underline pointer-coarse:min-h-11 dark:text-zinc-400"
          >
            {list.showArchived ? t("backToConversations") : t("showArchived")}
          </button>
        </div>
        {list.showArchived && <h2 className="px-3 pb-1 text-sm font-semibold">{t("archived")}</h2>}
        {empty && (
          <p className="px-3 text-sm text-zinc-600 dark:text-zinc-400">{list.showArchived ? t("noArchived") : t("noConversations")}</p>
        )}
        {pinned.length > 0 && <Group label={t("pinned")} links={pinned} activeId={activeId} actions={actions} />}
        {now ? (
          groupByDate(conversations, now).map((group) => (
            <Group key={group.items[0]?.id} label={groupLabel(group.key)} links={group.items} activeId={activeId} actions={actions} />
          ))
        ) : (
          <Group label="" links={conversations} activeId={activeId} actions={actions} />
        )}
        {nextCursor && (
          <div ref={sentinel} className="py-2 text-center text-xs text-zinc-600 dark:text-zinc-400">
            {t("loadingMore")}
          </div>
        )}
      </nav>
      {list.pendingDelete && <UndoToast title={list.pendingDelete.title} onUndo={list.undoDelete} />}
    </>
  );
}
