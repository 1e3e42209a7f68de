"use client";
// The sidebar's folders: the member's list, the open ones' conversations (a page at a time, more on request),
// and create, rename, instructions and delete. Each open folder lists its unpinned, unarchived conversations.
import { useCallback, useState } from "react";
import type { ConversationLink, ConversationPage } from "@/lib/queries/conversation-list";
import type { FolderView } from "@/lib/queries/folders";
import { api } from "../ui/api";
import { sortLinks } from "./use-conversation-list";

type Contents = { links: ConversationLink[]; nextCursor: string | null };

function folderPageUrl(folderId: string, cursor: string | null): string {
  const query = new URLSearchParams({ folder: folderId });
  if (cursor) query.set("cursor", cursor);
  return `/api/conversations?${query}`;
}

export type Folders = ReturnType<typeof useFolders>;

export function useFolders(initial: FolderView[]) {
  const [folders, setFolders] = useState(initial);
  /** The open folders' conversations, by folder id; a closed folder has no entry. */
  const [contents, setContents] = useState<Record<string, Contents>>({});

  const refresh = useCallback(async () => {
    setFolders((await api<{ folders: FolderView[] }>("/api/folders")).folders);
  }, []);

  const loadPage = useCallback(async (folderId: string, cursor: string | null) => {
    const page = await api<ConversationPage>(folderPageUrl(folderId, cursor));
    setContents((current) => {
      const before = cursor ? (current[folderId]?.links ?? []) : [];
      const seen = new Set(before.map((link) => link.id));
      const links = [...before, ...page.conversations.filter((link) => !seen.has(link.id))];
      return { ...current, [folderId]: { links, nextCursor: page.nextCursor } };
    });
  }, []);

  const toggle = useCallback(
    async (folderId: string) => {
      if (!contents[folderId]) return loadPage(folderId, null);
      setContents(({ [folderId]: _closed, ...rest }) => rest);
    },
    [contents, loadPage],
  );

  const loadMore = useCallback((folderId: string) => loadPage(folderId, contents[folderId]?.nextCursor ?? null), [contents, loadPage]);

  /** Puts a changed conversation where it now belongs among the open folders (or takes it out of them). */
  const place = useCallback((link: ConversationLink) => {
    setContents((current) => {
      const next: Record<string, Contents> = {};
      for (const [id, open] of Object.entries(current)) {
        const links = open.links.filter((other) => other.id !== link.id);
        const belongs = !link.archived && !link.pinned && link.folderId === id;
        next[id] = { ...open, links: belongs ? sortLinks([...links, link]) : links };
      }
      return next;
    });
  }, []);

  const drop = useCallback((conversationId: string) => {
    setContents((current) =>
      Object.fromEntries(
        Object.entries(current).map(([id, open]) => [id, { ...open, links: open.links.filter((link) => link.id !== conversationId) }]),
      ),
    );
  }, []);

  const create = useCallback(
    async (name: string) => {
      await api("/api/folders", { body: { name } });
      await refresh();
    },
    [refresh],
  );

  const change = useCallback(
    async (folder: FolderView, changes: { name?: string; systemPrompt?: string }) => {
      await api(`/api/folders/${folder.id}`, { method: "PATCH", body: changes });
      await refresh();
    },
    [refresh],
  );

  const remove = useCallback(
    async (folder: FolderView, conversations: "keep" | "delete") => {
      await api(`/api/folders/${folder.id}?conversations=${conversations}`, { method: "DELETE" });
      setContents(({ [folder.id]: _gone, ...rest }) => rest);
      await refresh();
    },
    [refresh],
  );

  return { folders, contents, refresh, toggle, loadMore, place, drop, create, change, remove };
}
