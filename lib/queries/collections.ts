// Data access for family collections: the admin's curation (create, rename, who may use it, its files) and
// a member's use of them in their conversations. Every read a member makes filters by their role's
// audiences: an adults-only collection does not exist for a child.
import "server-only";
import { audiencesFor } from "../collections/audience";
import { getDb } from "../db";
import { AppError } from "../errors";
import type { CollectionAudience } from "../generated/prisma/client";
import { type DocumentView, documentFields, documentView } from "./documents";
import type { Db } from "./member-lock";

export type CollectionView = { id: string; name: string; description: string; audience: CollectionAudience };
export type AdminCollectionView = CollectionView & { documents: DocumentView[] };

/** A family keeps at most this many collections (the `#` list stays a list). */
export const MAX_COLLECTIONS = 200;

const collectionFields = { id: true, name: true, description: true, audience: true } as const;

/** Every collection with its files and their processing state, for the admin page. */
export async function listCollectionsForAdmin(): Promise<AdminCollectionView[]> {
  const rows = await getDb().collection.findMany({
    orderBy: { name: "asc" },
    take: MAX_COLLECTIONS,
    select: { ...collectionFields, documents: { orderBy: { createdAt: "asc" }, select: documentFields } },
  });
  return rows.map((row) => ({ ...row, documents: row.documents.map(documentView) }));
}

/** The collections a member of this role may use (the composer's `#` list). */
export async function listUsableCollections(role: string): Promise<CollectionView[]> {
  return getDb().collection.findMany({
    where: { audience: { in: audiencesFor(role) } },
    orderBy: { name: "asc" },
    take: MAX_COLLECTIONS,
    select: collectionFields,
  });
}

async function checkNameFree(name: string, except?: string): Promise<void> {
  const taken = await getDb().collection.count({
    where: { name: { equals: name, mode: "insensitive" }, ...(except ? { id: { not: except } } : {}) },
  });
  if (taken > 0) throw new AppError("conflict", "collectionNameTaken", { name });
}

/** Two admins creating the same name at once: the unique index refuses the second with the same words. */
function nameTakenOnRace(name: string) {
  return (error: unknown): never => {
    if ((error as { code?: string }).code === "P2002") throw new AppError("conflict", "collectionNameTaken", { name });
    throw error;
  };
}

export async function createCollection(input: {
  name: string;
  description: string;
  audience: CollectionAudience;
}): Promise<CollectionView> {
  await checkNameFree(input.name);
  if ((await getDb().collection.count()) >= MAX_COLLECTIONS)
    throw new AppError("conflict", "collectionLimitReached", { limit: MAX_COLLECTIONS });
  return getDb().collection.create({ data: input, select: collectionFields }).catch(nameTakenOnRace(input.name));
}

export async function updateCollection(
  id: string,
  change: { name?: string; description?: string; audience?: CollectionAudience },
): Promise<CollectionView | null> {
  if (change.name !== undefined) await checkNameFree(change.name, id);
  const { count } = await getDb()
    .collection.updateMany({ where: { id }, data: change })
    .catch(nameTakenOnRace(change.name ?? ""));
  return count ? getDb().collection.findUnique({ where: { id }, select: collectionFields }) : null;
}

/** Deletes the collection with its files, passages and vectors (cascade); the stored names, to remove from disk. */
export async function deleteCollection(id: string): Promise<string[] | null> {
  const db = getDb();
  return db.$transaction(async (tx) => {
    const files = await tx.document.findMany({ where: { collectionId: id }, select: { storedName: true } });
    const { count } = await tx.collection.deleteMany({ where: { id } });
    return count ? files.map((f) => f.storedName) : null;
  });
}

export async function collectionExists(id: string): Promise<boolean> {
  return (await getDb().collection.count({ where: { id } })) > 0;
}

/** Removes one of the collection's files (with its passages); its stored name, to remove from disk. */
export async function deleteCollectionDocument({ collectionId, documentId }: { collectionId: string; documentId: string }) {
  const row = await getDb().document.findFirst({ where: { id: documentId, collectionId }, select: { storedName: true } });
  if (!row) return null;
  const { count } = await getDb().document.deleteMany({ where: { id: documentId, collectionId } });
  return count ? row.storedName : null;
}

/** The collections the member's conversation uses and the member may (still) use; null when the conversation is not theirs. */
export async function listConversationCollections(input: { conversationId: string; userId: string; role: string }) {
  const conversation = await getDb().conversation.findFirst({
    where: { id: input.conversationId, userId: input.userId },
    select: {
      collections: {
        where: { collection: { audience: { in: audiencesFor(input.role) } } },
        orderBy: { createdAt: "asc" },
        select: { collection: { select: collectionFields } },
      },
    },
  });
  return conversation ? conversation.collections.map((r): CollectionView => r.collection) : null;
}

/** Adds a collection the member may use to their conversation; false when either is not theirs to use. */
export async function addConversationCollection(input: { conversationId: string; userId: string; role: string; collectionId: string }) {
  const db = getDb();
  const [conversation, usable] = await Promise.all([
    db.conversation.count({ where: { id: input.conversationId, userId: input.userId } }),
    db.collection.count({ where: { id: input.collectionId, audience: { in: audiencesFor(input.role) } } }),
  ]);
  if (!conversation || !usable) return false;
  await db.conversationCollection.createMany({
    data: [{ conversationId: input.conversationId, collectionId: input.collectionId }],
    skipDuplicates: true,
  });
  return true;
}

/** Within a send's transaction: the collections among the ids the member may use join the conversation; others are ignored. */
export async function addUsableCollections(
  input: { role: string; conversationId: string; collectionIds: string[] },
  db: Db,
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "ConversationCollection" ("conversationId", "collectionId")
    SELECT ${input.conversationId}, c.id FROM "Collection" c
    WHERE c.id = ANY(${input.collectionIds}::text[]) AND c.audience::text = ANY(${audiencesFor(input.role)}::text[])
    ON CONFLICT DO NOTHING`;
}

export async function removeConversationCollection(input: {
  conversationId: string;
  userId: string;
  collectionId: string;
}): Promise<boolean> {
  const { count } = await getDb().conversationCollection.deleteMany({
    where: { conversationId: input.conversationId, collectionId: input.collectionId, conversation: { userId: input.userId } },
  });
  return count > 0;
}
