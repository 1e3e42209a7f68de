"use client";
// The sidebar's state: the pages loaded so far, the archived list, and optimistic rename, pin, archive and
// delete. A delete waits a few seconds for Undo before it reaches the server; leaving the page sends it at once.
import { useCallback, useEffect, useRef, useState } from "react";
import type { ConversationLink, ConversationPage } from "@/lib/queries/conversation-list";
import { api } from "../ui/api";
import { useTitleArrival } from "./title-arrival";

export const UNDO_DELETE_MS = 6000;

type Changes = { title?: string; pinned?: boolean; archived?: boolean; folderId?: string | null };

/** Whether a conversation belongs in this hook's lists (a folder's unpinned ones live in the folder's list). */
function listedHere(link: ConversationLink, showArchived: boolean): boolean {
  if (showArchived) return link.archived;
  return !link.archived && (link.pinned || link.folderId === null);
}

function pageUrl(archived: boolean, cursor: string | null): string {
  const query = new URLSearchParams();
  if (archived) query.set("archived", "1");
  if (cursor) query.set("cursor", cursor);
  return `/api/conversations?${query}`;
}

export function sortLinks(links: ConversationLink[]): ConversationLink[] {
  return [...links].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id));
}

function deleteNow(id: string, keepalive = false) {
  return fetch(`/api/conversations/${id}`, { method: "DELETE", keepalive });
}

export function useConversationList(initial: ConversationPage) {
  const [showArchived, setShowArchived] = useState(false);
  const [page, setPage] = useState(initial);
  const [loading, setLoading] = useState(false);
  const [pendingDelete, setPendingDelete] = useState<ConversationLink | null>(null);
  const deleteTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pendingRef = useRef<ConversationLink | null>(null);
  pendingRef.current = pendingDelete;

  const load = useCallback(async (archived: boolean): Promise<ConversationPage> => {
    const first = await api<ConversationPage>(pageUrl(archived, null));
    setPage((current) => {
      // Keep the pages already scrolled into view; the first page brings what changed at the top.
      const seen = new Set([...first.pinned, ...first.conversations].map((c) => c.id));
      const rest = first.nextCursor ? current.conversations.filter((c) => !seen.has(c.id)) : [];
      return {
        ...first,
        conversations: [...first.conversations, ...rest],
        nextCursor: rest.length ? current.nextCursor : first.nextCursor,
      };
    });
    return first;
  }, []);

  const loadMore = useCallback(async () => {
    if (!page.nextCursor || loading) return;
    setLoading(true);
    try {
      const next = await api<ConversationPage>(pageUrl(showArchived, page.nextCursor));
      setPage((current) => {
        const seen = new Set(current.conversations.map((c) => c.id));
        return {
          ...current,
          conversations: [...current.conversations, ...next.conversations.filter((c) => !seen.has(c.id))],
          nextCursor: next.nextCursor,
        };
      });
    } finally {
      setLoading(false);
    }
  }, [page.nextCursor, loading, showArchived]);

  const switchList = useCallback(async (archived: boolean) => {
    setShowArchived(archived);
    const first = await api<ConversationPage>(pageUrl(archived, null));
    setPage(first);
  }, []);

  // New conversations and new answers announce themselves with this event; generated titles are looked for.
  useEffect(() => {
    const refresh = () => void load(showArchived).catch(() => {});
    window.addEventListener("hearth:conversations-changed", refresh);
    return () => window.removeEventListener("hearth:conversations-changed", refresh);
  }, [load, showArchived]);
  const pageRef = useRef(page);
  pageRef.current = page;
  useTitleArrival(
    useCallback(() => load(showArchived), [load, showArchived]),
    useCallback(() => pageRef.current, []),
  );

  const update = useCallback(
    async (link: ConversationLink, changes: Changes) => {
      const next = { ...link, ...changes };
      setPage((current) => {
        const all = [...current.pinned, ...current.conversations].filter((c) => c.id !== link.id);
        const listed = listedHere(next, showArchived) ? [next] : [];
        const merged = [...all, ...listed];
        return showArchived
          ? { ...current, conversations: sortLinks(merged) }
          : { ...current, pinned: sortLinks(merged.filter((c) => c.pinned)), conversations: sortLinks(merged.filter((c) => !c.pinned)) };
      });
      try {
        await api(`/api/conversations/${link.id}`, { method: "PATCH", body: changes });
      } catch (error) {
        void load(showArchived).catch(() => {});
        throw error;
      }
    },
    [load, showArchived],
  );

  const flushDelete = useCallback((keepalive = false) => {
    if (deleteTimer.current) clearTimeout(deleteTimer.current);
    deleteTimer.current = null;
    const doomed = pendingRef.current;
    setPendingDelete(null);
    if (doomed) void deleteNow(doomed.id, keepalive).catch(() => {});
  }, []);

  const remove = useCallback(
    (link: ConversationLink) => {
      flushDelete();
      setPendingDelete(link);
      setPage((current) => ({
        ...current,
        pinned: current.pinned.filter((c) => c.id !== link.id),
        conversations: current.conversations.filter((c) => c.id !== link.id),
      }));
      deleteTimer.current = setTimeout(() => flushDelete(), UNDO_DELETE_MS);
    },
    [flushDelete],
  );

  /** Brings the conversation waiting for deletion back; returns it (a folder's list puts it back there). */
  const undoDelete = useCallback((): ConversationLink | null => {
    if (deleteTimer.current) clearTimeout(deleteTimer.current);
    deleteTimer.current = null;
    const restored = pendingRef.current;
    setPendingDelete(null);
    if (!restored || !listedHere(restored, showArchived)) return restored;
    setPage((current) =>
      restored.pinned && !showArchived
        ? { ...current, pinned: sortLinks([...current.pinned, restored]) }
        : { ...current, conversations: sortLinks([...current.conversations, restored]) },
    );
    return restored;
  }, [showArchived]);

  // Leaving or closing the page carries out a delete still waiting for Undo.
  useEffect(() => {
    const onLeave = () => flushDelete(true);
    window.addEventListener("pagehide", onLeave);
    return () => {
      window.removeEventListener("pagehide", onLeave);
    };
  }, [flushDelete]);

  const reload = useCallback(() => load(showArchived), [load, showArchived]);

  return { page, showArchived, switchList, loadMore, loading, update, remove, pendingDelete, undoDelete, reload };
}
