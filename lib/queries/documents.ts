// Data access for members' files and their passages. Every read filters by the owner: someone else's file is
// not found, for admins too. A family collection's files have no member owner (lib/queries/collections.ts).
import "server-only";
import { audiencesFor } from "../collections/audience";
import { getDb } from "../db";
import type { DocumentStatus } from "../generated/prisma/client";
import type { Db } from "./member-lock";

export type DocumentView = {
  id: string;
  name: string;
  mime: string;
  bytes: number;
  status: DocumentStatus;
  failure: string | null;
  pages: number | null;
  progress: number;
  createdAt: string;
};

export const documentFields = {
  id: true,
  name: true,
  mime: true,
  bytes: true,
  status: true,
  failure: true,
  pages: true,
  progress: true,
  createdAt: true,
} as const;

type DocumentRow = Omit<DocumentView, "createdAt"> & { createdAt: Date };

export function documentView(row: DocumentRow): DocumentView {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

/** Whose file it is: a member's own, or a family collection's (the admin curates those). */
export type DocumentOwner = { userId: string } | { collectionId: string };

export async function createDocument(input: {
  owner: DocumentOwner;
  name: string;
  mime: string;
  bytes: number;
  sha256: string;
  storedName: string;
}): Promise<DocumentView> {
  const { owner, ...file } = input;
  return documentView(await getDb().document.create({ data: { ...file, ...owner }, select: documentFields }));
}

/** A file in the member's list: with the conversations that use it (the member's own, newest first). */
export type LibraryDocument = DocumentView & { conversations: { id: string; title: string }[] };

export async function listDocuments(userId: string): Promise<LibraryDocument[]> {
  const rows = await getDb().document.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    take: 500,
    select: {
      ...documentFields,
      conversations: {
        where: { conversation: { userId } },
        orderBy: { createdAt: "desc" },
        select: { conversation: { select: { id: true, title: true } } },
      },
    },
  });
  return rows.map(({ conversations, ...row }) => ({ ...documentView(row), conversations: conversations.map((c) => c.conversation) }));
}

export async function getDocument({ id, userId }: { id: string; userId: string }): Promise<DocumentView | null> {
  const row = await getDb().document.findFirst({ where: { id, userId }, select: documentFields });
  return row ? documentView(row) : null;
}

/** Bytes of all of a member's (or a collection's) files, for their limit. */
export async function documentBytesOf(owner: DocumentOwner): Promise<number> {
  const { _sum } = await getDb().document.aggregate({ where: owner, _sum: { bytes: true } });
  return _sum.bytes ?? 0;
}

/** Deletes the file's row with its passages and vectors (cascade); its stored name, to remove from disk. */
export async function deleteDocument({ id, userId }: { id: string; userId: string }): Promise<string | null> {
  const row = await getDb().document.findFirst({ where: { id, userId }, select: { storedName: true } });
  if (!row) return null;
  const { count } = await getDb().document.deleteMany({ where: { id, userId } });
  return count ? row.storedName : null;
}

/** A passage of one of the member's files, or of a collection's file they may use (a source marker opens it). */
export async function getChunk(input: { documentId: string; chunkId: string; userId: string; role: string }) {
  const readable = [{ userId: input.userId }, { collection: { audience: { in: audiencesFor(input.role) } } }];
  return getDb().documentChunk.findFirst({
    where: { id: input.chunkId, documentId: input.documentId, document: { OR: readable } },
    select: {
      id: true,
      ordinal: true,
      page: true,
      text: true,
      document: { select: { id: true, name: true, collection: { select: { name: true } } } },
    },
  });
}

/** The conversation's files, when both are the member's. */
export async function listConversationDocuments({ conversationId, userId }: { conversationId: string; userId: string }) {
  const rows = await getDb().conversationDocument.findMany({
    where: { conversationId, conversation: { userId }, document: { userId } },
    orderBy: { createdAt: "asc" },
    select: { document: { select: documentFields } },
  });
  return rows.map((r) => documentView(r.document));
}

/** Adds the member's own files to their own conversation; false when either is not theirs. */
export async function attachDocuments(input: { conversationId: string; userId: string; documentIds: string[] }): Promise<boolean> {
  const db = getDb();
  const ids = [...new Set(input.documentIds)];
  const [conversation, owned] = await Promise.all([
    db.conversation.count({ where: { id: input.conversationId, userId: input.userId } }),
    db.document.count({ where: { id: { in: ids }, userId: input.userId } }),
  ]);
  if (!conversation || owned !== ids.length) return false;
  await db.conversationDocument.createMany({
    data: ids.map((documentId) => ({ conversationId: input.conversationId, documentId })),
    skipDuplicates: true,
  });
  return true;
}

/** Within a send's transaction: the member's own files among the ids join the conversation; others are ignored. */
export async function attachOwnDocuments(input: { userId: string; conversationId: string; documentIds: string[] }, db: Db): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "ConversationDocument" ("conversationId", "documentId")
    SELECT ${input.conversationId}, d.id FROM "Document" d WHERE d.id = ANY(${input.documentIds}::text[]) AND d."userId" = ${input.userId}
    ON CONFLICT DO NOTHING`;
}

export async function detachDocument(input: { conversationId: string; userId: string; documentId: string }): Promise<boolean> {
  const { count } = await getDb().conversationDocument.deleteMany({
    where: { conversationId: input.conversationId, documentId: input.documentId, conversation: { userId: input.userId } },
  });
  return count > 0;
}
