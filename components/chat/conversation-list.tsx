"use client";
// The sidebar's conversations: pinned on top, then the folders, then dated groups, loaded page by page as the
// member scrolls; the archived ones one click away; a deleted one can be brought back for a few seconds.
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useFormatter, useTranslations } from "use-intl";
import type { ConversationLink, ConversationPage } from "@/lib/queries/conversation-list";
import { useErrorText } from "../i18n/use-error-text";
import { CONVERSATION_DRAG_TYPE, ConversationItem, type ItemActions } from "./conversation-item";
import { type DateGroupKey, groupByDate } from "./date-groups";
import type { FolderActions } from "./folder-item";
import { FolderList } from "./folder-list";
import { useConversationList } from "./use-conversation-list";
import type { Folders } from "./use-folders";

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

/** What every conversation's menu and drag can do: the list's changes, mirrored in the open folders. */
function useItemActions(list: ReturnType<typeof useConversationList>, folders: Folders, activeId: string | null) {
  const errorText = useErrorText();
  const router = useRouter();
  const dragged = useRef<ConversationLink | null>(null);
  const report = (error: unknown) => window.alert(errorText(error));
  const update = (link: ConversationLink, changes: Partial<ConversationLink>) => {
    folders.place({ ...link, ...changes });
    void list
      .update(link, changes)
      .then(() => (changes.folderId !== undefined || changes.archived !== undefined ? folders.refresh() : undefined))
      .catch(report);
  };
  const move = (link: ConversationLink, folderId: string | null) => {
    if (link.folderId !== folderId) update(link, { folderId });
  };
  const actions: FolderActions = {
    rename: (link, title) => update(link, { title }),
    togglePin: (link) => update(link, { pinned: !link.pinned }),
    toggleArchive: (link) => update(link, { archived: !link.archived }),
    remove: (link) => {
      folders.drop(link.id);
      list.remove(link);
      if (activeId === link.id) router.replace("/");
    },
    move,
    dragStart: (link) => {
      dragged.current = link;
    },
    dropOn: (folderId) => {
      if (dragged.current) move(dragged.current, folderId);
      dragged.current = null;
    },
    folders: folders.folders,
  };
  const undo = () => {
    const restored = list.undoDelete();
    if (restored) folders.place(restored);
  };
  return { actions, report, undo, dragged };
}

export function ConversationList(props: { initial: ConversationPage; folders: Folders }) {
  const t = useTranslations("sidebar");
  const groupLabel = useGroupLabel();
  const pathname = usePathname();
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

  const { actions, report, undo, dragged } = useItemActions(list, props.folders, activeId);
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
        {!list.showArchived && (
          <FolderList folders={props.folders} activeId={activeId} actions={actions} report={report} onDeleted={() => void list.reload()} />
        )}
        {/* Dropping a conversation of a folder on the dated list moves it out of its folder. */}
        {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the mouse; the keyboard moves by the menu */}
        <div
          data-testid="dated-conversations"
          onDragOver={(event) => {
            if (event.dataTransfer.types.includes(CONVERSATION_DRAG_TYPE) && dragged.current?.folderId) event.preventDefault();
          }}
          onDrop={(event) => {
            event.preventDefault();
            actions.dropOn(null);
          }}
          className="min-h-8"
        >
          {now ? (
            groupByDate(conversations, now).map((group) => (
              <Group key={group.items[0]?.id} label={groupLabel(group.key)} links={group.items} activeId={activeId} actions={actions} />
            ))
          ) : (
            <Group label="" links={conversations} activeId={activeId} actions={actions} />
          )}
        </div>
        {nextCursor && (
          <div ref={sentinel} className="py-2 text-center text-xs text-zinc-600 dark:text-zinc-400">
            {t("loadingMore")}
          </div>
        )}
      </nav>
      {list.pendingDelete && <UndoToast title={list.pendingDelete.title} onUndo={undo} />}
    </>
  );
}
