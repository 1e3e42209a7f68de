// The documents job processor: read → chunk → embed (when the family has an embedding model) → store, with
// progress; and re-embedding every passage when the embedding model changes. Chat comes first: between
// pages and batches the job waits while answers are being generated.
import path from "node:path";
import { type Job, UnrecoverableError } from "bullmq";
import { chunkPages } from "@/lib/documents/chunk";
import type { DocumentKind } from "@/lib/documents/kinds";
import { documentsDir } from "@/lib/documents/limits";
import { DOCUMENT_ATTEMPTS, type DocumentJob, documentJobSchema } from "@/lib/documents/queue";
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
import { embedTexts } from "../embeddings/embedder";
import { DocumentFailure, readDocument } from "./read";

const EMBED_BATCH = 16;
/** How long one step waits at most for answers to finish before going on anyway (so files do get indexed). */
const CHAT_FIRST_MAX_WAIT_MS = 2000;

export type DocumentDeps = {
  maxPages: number;
  /** Generations running in this worker now. */
  activeGenerations: () => number;
};

export function createDocumentProcessor(deps: DocumentDeps) {
  return async function processDocument(job: Job<DocumentJob>): Promise<string> {
    const parsed = documentJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`Job ${job.id} is not a documents job.`);
    if (parsed.data.kind === "reindex") return `reindexed ${await reindexAllDocuments(deps, (p) => job.updateProgress(p))}`;
    return indexDocument(parsed.data.documentId, deps, job.attemptsMade + 1);
  };
}

/** Steps aside while answers are generated (up to a bound), and always lets pending I/O run. */
async function chatFirst(deps: DocumentDeps): Promise<void> {
  const until = Date.now() + CHAT_FIRST_MAX_WAIT_MS;
  while (deps.activeGenerations() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  await new Promise((r) => setImmediate(r));
}

async function indexDocument(documentId: string, deps: DocumentDeps, attempt: number): Promise<string> {
  const document = await documentToIndex(documentId);
  if (!document || document.status === "ready" || document.status === "failed") return "skipped";
  const kind = path.extname(document.storedName).slice(1) as DocumentKind;
  try {
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
    const embedded = await embedTexts(batch.map((c) => c.text));
    // The model's index, should its re-index not have made it (or it was dropped): cheap once it exists.
    if (model !== embedded.model) await ensureVectorIndex({ model: embedded.model, dimensions: embedded.dimensions });
    model = embedded.model;
    for (const [i, chunk] of batch.entries()) out.push({ ...chunk, embedding: vectorText(embedded.vectors[i] ?? []) });
    await onProgress(Math.floor(((start + batch.length) / chunks.length) * 100));
    await chatFirst(deps);
  }
  return { chunks: out, model };
}

/**
 * Embeds every ready file's passages again with the family's embedding model (after the admin changed it), file by
 * file, a batch at a time, reporting progress (0–100). The model's vector index is made first, so the passages go
 * into it as they are embedded. Files already embedded by the model are skipped: a retried job goes on where the
 * last one stopped. Without a model, nothing is done. Returns the files re-embedded.
 */
export async function reindexAllDocuments(deps: DocumentDeps, onProgress: (progress: number) => Promise<void> | void = () => {}) {
  const choice = await getEmbeddingModel();
  if (!choice) return 0;
  const space = await vectorSpaceOf(choice.name);
  if (!space) return 0;
  await ensureVectorIndex(space);
  const files = await filesToReembed(space.model);
  for (const [i, documentId] of files.entries()) {
    if (!(await reembedFile(documentId, space.model, deps))) return i;
    await onProgress(Math.floor(((i + 1) / files.length) * 100));
  }
  await dropOtherVectorIndexes(space);
  return files.length;
}

/** The chosen model's name and vector length (one short text embedded); null when the choice changed meanwhile. */
async function vectorSpaceOf(model: string): Promise<VectorSpace | null> {
  const probe = await embedTexts(["hearth"]);
  return probe.model === model ? { model, dimensions: probe.dimensions } : null;
}

/** One file's passages embedded again; false when the family's model changed meanwhile (its own re-index follows). */
async function reembedFile(documentId: string, model: string, deps: DocumentDeps): Promise<boolean> {
  const chunks = await chunksToReembed(documentId, model);
  for (let start = 0; start < chunks.length; start += EMBED_BATCH) {
    const batch = chunks.slice(start, start + EMBED_BATCH);
    const embedded = await embedTexts(batch.map((c) => c.text));
    if (embedded.model !== model) return false;
    await setChunkEmbeddings(
      batch.map((c, i) => ({ id: c.id, embedding: vectorText(embedded.vectors[i] ?? []) })),
      embedded.model,
    );
    await chatFirst(deps);
  }
  return true;
}
