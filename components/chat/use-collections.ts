"use client";
// The family collections a conversation uses (chips beside its files) and those the member may add with `#`.
// In a conversation each is added on the server at once (a refusal says why); in a new chat they go with the
// first message.
import { useCallback, useEffect, useState } from "react";
import { api } from "../ui/api";

export type CollectionChoice = { id: string; name: string; description: string };

export function useCollections(conversationId: string | null, setError: (error: unknown) => void) {
  const [chosen, setChosen] = useState<CollectionChoice[]>([]);
  const [usable, setUsable] = useState<CollectionChoice[] | null>(null);

  useEffect(() => {
    if (!conversationId) return;
    api<{ collections: CollectionChoice[] }>(`/api/conversations/${conversationId}/collections`)
      .then(({ collections }) => setChosen(collections))
      .catch(() => {});
  }, [conversationId]);

  /** The `#` list is fetched the first time it opens. */
  const loadUsable = useCallback(() => {
    if (usable) return;
    setUsable([]);
    api<{ collections: CollectionChoice[] }>("/api/collections")
      .then(({ collections }) => setUsable(collections))
      .catch(() => setUsable(null));
  }, [usable]);

  const add = useCallback(
    (collection: CollectionChoice) => {
      if (!conversationId) {
        setChosen((now) => (now.some((c) => c.id === collection.id) ? now : [...now, collection]));
        return;
      }
      api<{ collections: CollectionChoice[] }>(`/api/conversations/${conversationId}/collections`, {
        body: { collectionId: collection.id },
      })
        .then(({ collections }) => setChosen(collections))
        .catch(setError);
    },
    [conversationId, setError],
  );

  const remove = useCallback(
    (collection: CollectionChoice) => {
      setChosen((now) => now.filter((c) => c.id !== collection.id));
      if (conversationId)
        void api(`/api/conversations/${conversationId}/collections/${collection.id}`, { method: "DELETE" }).catch(() => {});
    },
    [conversationId],
  );

  const offered = (usable ?? []).filter((c) => !chosen.some((x) => x.id === c.id));
  return { chosen, offered, loadUsable, add, remove, collectionIds: chosen.map((c) => c.id) };
}
