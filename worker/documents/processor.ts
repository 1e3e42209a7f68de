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
  countChunks,
  documentToIndex,
  failDocument,
  type StoredChunk,
  setChunkEmbeddings,
  setDocumentProgress,
  storeChunks,
  vectorText,
} from "@/lib/documents/store";
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
    model = embedded.model;
    for (const [i, chunk] of batch.entries()) out.push({ ...chunk, embedding: vectorText(embedded.vectors[i] ?? []) });
    await onProgress(Math.floor(((start + batch.length) / chunks.length) * 100));
    await chatFirst(deps);
  }
  return { chunks: out, model };
}

/**
 * Embeds every stored passage again with the family's embedding model (after the admin changed it), a batch
 * at a time, reporting progress (0–100). Without a model, nothing is done. Returns the passages embedded.
 */
export async function reindexAllDocuments(deps: DocumentDeps, onProgress: (progress: number) => Promise<void> | void = () => {}) {
  if (!(await getEmbeddingModel())) return 0;
  const total = await countChunks();
  let done = 0;
  let after = "";
  for (;;) {
    const batch = await chunksToReembed(after, EMBED_BATCH);
    if (!batch.length) break;
    const embedded = await embedTexts(batch.map((c) => c.text));
    await setChunkEmbeddings(
      batch.map((c, i) => ({ id: c.id, embedding: vectorText(embedded.vectors[i] ?? []) })),
      embedded.model,
    );
    done += batch.length;
    after = batch.at(-1)?.id ?? after;
    await onProgress(Math.min(100, Math.floor((done / Math.max(total, 1)) * 100)));
    await chatFirst(deps);
  }
  return done;
}
