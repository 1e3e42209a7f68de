// The documents job processor: read → chunk → embed (when the family has an embedding model) → store, with
// progress; and re-embedding every passage when the embedding model changes. Chat comes first (ChatActivity):
// before each page read and each passage embedded the job waits while answers are on their way in this worker,
// and an answer lets the passage being embedded finish before it computes.
import path from "node:path";
import { type Job, UnrecoverableError } from "bullmq";
import { chunkPages } from "@/lib/documents/chunk";
import type { DocumentKind } from "@/lib/documents/kinds";
import { documentsDir } from "@/lib/documents/limits";
import { addDocumentJob, DOCUMENT_ATTEMPTS, type DocumentJob, documentJobSchema } from "@/lib/documents/queue";
import {
  chunksToReembed,
  documentToIndex,
  failDocument,
  filesToReembed,
  type StoredChunk,
  setChunkEmbeddings,
  setDocumentProgress,
  storeChunks,
  vectorText,
} from "@/lib/documents/store";
import { dropOtherVectorIndexes, ensureVectorIndex, type VectorSpace } from "@/lib/documents/vector-index";
import { encodeFailure } from "@/lib/i18n/failure";
import { getLogger } from "@/lib/log";
import { getEmbeddingModel } from "@/lib/models/embedding-model";
import type { ChatActivity } from "../chat-first";
import { type EmbedStep, embedTexts } from "../embeddings/embedder";
import { DocumentFailure, readDocument } from "./read";

/** Passages embedded between two progress reports (and, on a re-index, stored together). */
const EMBED_BATCH = 16;
/**
 * How long one step (a page read, a passage embedded: milliseconds each) waits at most for answers to finish
 * before going on anyway: under constant chat, files are still indexed, slowly, at that small cost to an answer.
 */
const CHAT_FIRST_MAX_WAIT_MS = 10_000;

export type DocumentDeps = {
  maxPages: number;
  /** The answers on their way in this worker, which come first. */
  chat: ChatActivity;
  /** Whether members' files wait to be indexed: they come before the rest of a re-index. */
  filesWaiting: () => Promise<boolean>;
};

export function createDocumentProcessor(deps: DocumentDeps) {
  return async function processDocument(job: Job<DocumentJob>): Promise<string> {
    const parsed = documentJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`Job ${job.id} is not a documents job.`);
    if (parsed.data.kind === "reindex") return reindexAllDocuments(deps, (p) => job.updateProgress(p));
    return indexDocument(parsed.data.documentId, deps, job.attemptsMade + 1);
  };
}

const chatFirst = (deps: DocumentDeps) => deps.chat.stepAside(CHAT_FIRST_MAX_WAIT_MS);
const backgroundStep =
  (deps: DocumentDeps): EmbedStep =>
  (work) =>
    deps.chat.backgroundStep(CHAT_FIRST_MAX_WAIT_MS, work);

async function indexDocument(documentId: string, deps: DocumentDeps, attempt: number): Promise<string> {
  const document = await documentToIndex(documentId);
  if (!document || document.status === "ready" || document.status === "failed") return "skipped";
  const kind = path.extname(document.storedName).slice(1) as DocumentKind;
  try {
    await chatFirst(deps);
    await setDocumentProgress(documentId, { status: "reading", progress: 0 });
    let lastReport = 0;
    const pages = await readDocument(path.join(documentsDir(), document.storedName), kind, {
      maxPages: deps.maxPages,
      onPage: async (done, total) => {
        if (Date.now() - lastReport > 300 || done === total) {
          lastReport = Date.now();
          await setDocumentProgress(documentId, { status: "reading", progress: Math.floor((done / total) * 100) });
        }
        await chatFirst(deps);
      },
    });
    const chunks = chunkPages(pages);
    const pageCount = kind === "pdf" ? pages.length : null;
    await setDocumentProgress(documentId, { status: "indexing", progress: 0, pages: pageCount });
    const embedded = await embedChunks(chunks, deps, (progress) => setDocumentProgress(documentId, { status: "indexing", progress }));
    const textChars = pages.reduce((sum, p) => sum + p.text.length, 0);
    await chatFirst(deps);
    await storeChunks({ documentId, chunks: embedded.chunks, embeddingModel: embedded.model, textChars });
    return "ready";
  } catch (error) {
    if (error instanceof DocumentFailure) {
      await failDocument(documentId, encodeFailure(error.failure));
      return "failed";
    }
    getLogger("worker").warn({ documentId, attempt, error: (error as Error).message }, "document indexing failed");
    if (attempt < DOCUMENT_ATTEMPTS) throw error;
    await failDocument(documentId, encodeFailure({ key: "documentReadFailed", values: { detail: (error as Error).message } }));
    return "failed";
  }
}

/** The passages with their vectors, or without (keyword search only) when no embedding model is chosen. */
async function embedChunks(
  chunks: ReturnType<typeof chunkPages>,
  deps: DocumentDeps,
  onProgress: (progress: number) => Promise<void>,
): Promise<{ chunks: StoredChunk[]; model: string | null }> {
  if (!(await getEmbeddingModel())) return { chunks: chunks.map((c) => ({ ...c, embedding: null })), model: null };
  const out: StoredChunk[] = [];
  let model: string | null = null;
  for (let start = 0; start < chunks.length; start += EMBED_BATCH) {
    const batch = chunks.slice(start, start + EMBED_BATCH);
    const embedded = await embedTexts(
      batch.map((c) => c.text),
      backgroundStep(deps),
    );
    // The model's index, should its re-index not have made it (or it was dropped): cheap once it exists.
    if (model !== embedded.model) await ensureVectorIndex({ model: embedded.model, dimensions: embedded.dimensions });
    model = embedded.model;
    for (const [i, chunk] of batch.entries()) out.push({ ...chunk, embedding: vectorText(embedded.vectors[i] ?? []) });
    await onProgress(Math.floor(((start + batch.length) / chunks.length) * 100));
  }
  return { chunks: out, model };
}

/**
 * Embeds every ready file's passages again with the family's embedding model (after the admin changed it), file by
 * file, a batch at a time, reporting progress (0–100). The model's vector index is made first, so the passages go
 * into it as they are embedded. Files already embedded by the model are skipped: a retried job goes on where the
 * last one stopped, and so does the re-index this one hands over to when members' files wait to be indexed (it
 * queues behind them). Without a model, nothing is done. Says what it did, for the job's log.
 */
export async function reindexAllDocuments(deps: DocumentDeps, onProgress: (progress: number) => Promise<void> | void = () => {}) {
  const choice = await getEmbeddingModel();
  if (!choice) return "no embedding model";
  const space = await vectorSpaceOf(choice.name, deps);
  if (!space) return "the embedding model changed";
  await ensureVectorIndex(space);
  const files = await filesToReembed(space.model);
  for (const [i, documentId] of files.entries()) {
    if (!(await reembedFile(documentId, space.model, deps))) return `reindexed ${i}; the embedding model changed`;
    await onProgress(Math.floor(((i + 1) / files.length) * 100));
    if (i + 1 < files.length && (await deps.filesWaiting())) {
      await addDocumentJob({ kind: "reindex" });
      return `reindexed ${i + 1} of ${files.length}; going on after the files waiting`;
    }
  }
  await dropOtherVectorIndexes(space);
  return `reindexed ${files.length}`;
}

/** The chosen model's name and vector length (one short text embedded); null when the choice changed meanwhile. */
async function vectorSpaceOf(model: string, deps: DocumentDeps): Promise<VectorSpace | null> {
  const probe = await embedTexts(["hearth"], backgroundStep(deps));
  return probe.model === model ? { model, dimensions: probe.dimensions } : null;
}

/** One file's passages embedded again; false when the family's model changed meanwhile (its own re-index follows). */
async function reembedFile(documentId: string, model: string, deps: DocumentDeps): Promise<boolean> {
  const chunks = await chunksToReembed(documentId, model);
  for (let start = 0; start < chunks.length; start += EMBED_BATCH) {
    const batch = chunks.slice(start, start + EMBED_BATCH);
    const embedded = await embedTexts(
      batch.map((c) => c.text),
      backgroundStep(deps),
    );
    if (embedded.model !== model) return false;
    await setChunkEmbeddings(
      batch.map((c, i) => ({ id: c.id, embedding: vectorText(embedded.vectors[i] ?? []) })),
      embedded.model,
    );
  }
  return true;
}
