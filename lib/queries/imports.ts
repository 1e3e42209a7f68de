// Data access for conversation imports (their progress and report); every read filters by the owner.
import "server-only";
import { getDb } from "../db";

export type ImportFailure = { index: number; title: string | null; reason: string };

export type ImportView = {
  id: string;
  fileName: string;
  format: string | null;
  status: "running" | "done" | "failed";
  totalBytes: number;
  readBytes: number;
  imported: number;
  duplicates: number;
  failures: ImportFailure[];
  unknownModels: string[];
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
};

type ImportRow = Awaited<ReturnType<ReturnType<typeof getDb>["conversationImport"]["findFirstOrThrow"]>>;

function view(row: ImportRow): ImportView {
  return {
    ...row,
    totalBytes: Number(row.totalBytes),
    readBytes: Number(row.readBytes),
    failures: row.failures as ImportFailure[],
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export async function createImport(input: { userId: string; fileName: string; totalBytes: number }): Promise<ImportView> {
  return view(await getDb().conversationImport.create({ data: input }));
}

/** Progress and report so far; the final call also sets the status. */
export async function saveImportProgress(
  id: string,
  progress: Partial<
    Pick<ImportView, "format" | "totalBytes" | "readBytes" | "imported" | "duplicates" | "failures" | "unknownModels" | "error">
  > & {
    status?: "done" | "failed";
  },
): Promise<void> {
  await getDb().conversationImport.update({
    where: { id },
    data: { ...progress, ...(progress.status ? { finishedAt: new Date() } : {}) },
  });
}

export async function getImport({ id, userId }: { id: string; userId: string }): Promise<ImportView | null> {
  const row = await getDb().conversationImport.findFirst({ where: { id, userId } });
  return row ? view(row) : null;
}

export async function listImports(userId: string, take = 5): Promise<ImportView[]> {
  const rows = await getDb().conversationImport.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take });
  return rows.map(view);
}

export async function hasRunningImport(userId: string): Promise<boolean> {
  return (await getDb().conversationImport.count({ where: { userId, status: "running" } })) > 0;
}

/** Imports a stopped web server left "running": they can never finish, so they say so. */
export async function failAbandonedImports(userId: string, runningIds: Set<string>): Promise<void> {
  await getDb().conversationImport.updateMany({
    where: { userId, status: "running", id: { notIn: [...runningIds] } },
    data: { status: "failed", error: "importInterrupted", finishedAt: new Date() },
  });
}
