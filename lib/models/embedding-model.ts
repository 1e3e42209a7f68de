// The family's embedding model: the one documents are embedded with, chosen by the admin (Settings).
import "server-only";
import path from "node:path";
import { getDb } from "../db";
import { addDocumentJob } from "../documents/queue";
import { reindexProgress } from "../documents/store";
import { getEnv } from "../env";
import { AppError } from "../errors";

export type EmbeddingModel = { id: string; name: string; path: string };

/** The chosen embedding model, with its file's absolute path; null when none is chosen (or it is gone or disabled). */
export async function getEmbeddingModel(): Promise<{ id: string; name: string; path: string } | null> {
  const settings = await getDb().settings.findUnique({ where: { id: 1 }, select: { embeddingModel: true } });
  const model = settings?.embeddingModel;
  if (model?.kind !== "embedding" || model.status !== "ready" || !model.enabled) return null;
  return { id: model.id, name: model.name, path: path.join(getEnv().modelsDir, model.filePath) };
}

/**
 * Chooses the family's embedding model (null: none). A real change asks for the documents to be re-indexed
 * with the new model (a "reindex" job on the documents queue, one at a time beside the answers); choosing the same
 * model again, or none, changes nothing.
 */
export async function setEmbeddingModel(modelId: string | null): Promise<void> {
  const db = getDb();
  if (modelId !== null) {
    const model = await db.model.findUnique({ where: { id: modelId }, select: { kind: true } });
    if (!model) throw new AppError("not_found", "modelNotFound");
    if (model.kind !== "embedding") throw new AppError("bad_request", "notAnEmbeddingModel");
  }
  const previousModelId = await db.$transaction(async (tx) => {
    const before = await tx.settings.findUnique({ where: { id: 1 }, select: { embeddingModelId: true } });
    await tx.settings.upsert({ where: { id: 1 }, create: { id: 1, embeddingModelId: modelId }, update: { embeddingModelId: modelId } });
    return before?.embeddingModelId ?? null;
  });
  if (modelId !== null && previousModelId !== modelId) await addDocumentJob({ kind: "reindex" });
}

/** Files embedded by the chosen model, of all ready files; `done` when none is left (members' search uses keywords for the rest meanwhile). */
export type ReindexState = { files: number; of: number; percent: number; done: boolean };

/** The family's embedding model and how far the re-index with it has come (null without a model). */
export async function embeddingModelState(): Promise<{
  embeddingModel: { id: string; name: string } | null;
  reindex: ReindexState | null;
}> {
  const model = await getEmbeddingModel();
  if (!model) return { embeddingModel: null, reindex: null };
  const { files, of } = await reindexProgress(model.name);
  const percent = of === 0 ? 100 : Math.floor((files / of) * 100);
  return { embeddingModel: { id: model.id, name: model.name }, reindex: { files, of, percent, done: files >= of } };
}
