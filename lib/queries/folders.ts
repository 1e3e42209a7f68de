// A member's folders ("projects") of conversations: a name, and instructions every conversation in the folder
// gets before its own. Every read and write filters by the owner; someone else's folder is simply not found.
import "server-only";
import { getDb } from "../db";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { deleteConversationsCtes } from "./conversations";
import { serverTimeZone } from "./usage";

export type FolderView = { id: string; name: string; systemPrompt: string | null; conversationCount: number };

/** A member keeps at most this many folders: a sidebar of a hundred folders is already a long one. */
export const MAX_FOLDERS = 100;

const folderFields = {
  id: true,
  name: true,
  systemPrompt: true,
  _count: { select: { conversations: { where: { archivedAt: null } } } },
} as const;

type FolderRow = { id: string; name: string; systemPrompt: string | null; _count: { conversations: number } };

function toView({ _count, ...folder }: FolderRow): FolderView {
  return { ...folder, conversationCount: _count.conversations };
}

export async function listFolders({ userId }: { userId: string }): Promise<FolderView[]> {
  const rows = await getDb().folder.findMany({
    where: { userId },
    orderBy: [{ name: "asc" }, { createdAt: "asc" }],
    select: folderFields,
    take: MAX_FOLDERS,
  });
  return rows.map(toView);
}

/**
 * Runs `change` while the member's other folder changes wait: parallel creates would otherwise all pass the
 * count and name checks, then all insert.
 */
function underMemberLock<T>(userId: string, change: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return getDb().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(4207005, hashtext(${userId}))`;
      return change(tx);
    },
    { maxWait: 10_000, timeout: 10_000 },
  );
}

async function checkNameFree(tx: Prisma.TransactionClient, input: { userId: string; name: string; except?: string }) {
  const taken = await tx.folder.count({
    where: {
      userId: input.userId,
      name: { equals: input.name, mode: "insensitive" },
      ...(input.except ? { id: { not: input.except } } : {}),
    },
  });
  if (taken > 0) throw new AppError("conflict", "folderNameTaken", { name: input.name });
}

export async function createFolder(input: { userId: string; name: string; systemPrompt?: string | null }): Promise<FolderView> {
  return underMemberLock(input.userId, async (tx) => {
    if ((await tx.folder.count({ where: { userId: input.userId } })) >= MAX_FOLDERS)
      throw new AppError("conflict", "tooManyFolders", { max: MAX_FOLDERS });
    await checkNameFree(tx, input);
    const row = await tx.folder.create({
      data: { userId: input.userId, name: input.name, systemPrompt: input.systemPrompt || null },
      select: folderFields,
    });
    return toView(row);
  });
}

/** Renames the folder or changes its instructions; false when it is not the member's. */
export async function updateFolder(input: { userId: string; id: string; name?: string; systemPrompt?: string | null }): Promise<boolean> {
  return underMemberLock(input.userId, async (tx) => {
    if ((await tx.folder.count({ where: { id: input.id, userId: input.userId } })) === 0) return false;
    if (input.name !== undefined) await checkNameFree(tx, { userId: input.userId, name: input.name, except: input.id });
    const systemPrompt = input.systemPrompt === undefined ? undefined : input.systemPrompt || null;
    await tx.folder.updateMany({ where: { id: input.id, userId: input.userId }, data: { name: input.name, systemPrompt } });
    return true;
  });
}

/**
 * Deletes the member's folder; false when it is not theirs. Its conversations are kept (moved out of it) or
 * deleted with it, exactly as deleting each one would: their message counts go to UsageArchive in the same
 * statement, their tokens stay in TokenUse.
 */
export async function deleteFolder(input: { userId: string; id: string; conversations: "keep" | "delete" }): Promise<boolean> {
  if (input.conversations === "keep") {
    // The foreign key moves them out (ON DELETE SET NULL); they keep their place in time.
    const { count } = await getDb().folder.deleteMany({ where: { id: input.id, userId: input.userId } });
    return count > 0;
  }
  const rows = await getDb().$queryRawUnsafe<{ id: string }[]>(
    `WITH ${deleteConversationsCtes(`c."folderId" = $2 AND c."userId" = $3`)}
    DELETE FROM "Folder" WHERE id = $2 AND "userId" = $3 RETURNING id`,
    serverTimeZone(),
    input.id,
    input.userId,
  );
  return rows.length > 0;
}

/**
 * Moves the member's conversation into one of their folders (or out, with null). False when the folder is not
 * theirs. The move is not activity: the conversation keeps its place among the dated groups.
 */
export async function moveToFolder(input: { userId: string; conversationId: string; folderId: string | null }): Promise<boolean> {
  const count = await getDb().$executeRaw`
    UPDATE "Conversation" c SET "folderId" = ${input.folderId}
    WHERE c.id = ${input.conversationId} AND c."userId" = ${input.userId}
      AND (${input.folderId}::text IS NULL OR EXISTS (SELECT 1 FROM "Folder" f WHERE f.id = ${input.folderId} AND f."userId" = ${input.userId}))`;
  return count > 0;
}

/** Whether the folder exists and is this member's. */
export async function ownsFolder({ id, userId }: { id: string; userId: string }): Promise<boolean> {
  return (await getDb().folder.count({ where: { id, userId } })) > 0;
}
