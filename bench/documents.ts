// Documents: how fast PDFs are read and cut into passages (pages/s); retrieval over one member's file of 100,000
// passages with the lexical embedding model's vectors in the model's HNSW index: p95 of the hybrid search
// (vector + keyword + codes; target <= 100 ms here) and recall@5 on generated questions (target >= 0.9); and
// whether indexing delays anyone's answer: a member's first token with 20 indexing jobs queued against none,
// in slots (one indexing job alone), the method of bench:titles (target: at most one slot more).
// Run: npm run bench:documents   (BENCH_QUICK=1: 5 pages, 4,000 passages, 20 questions, 4 sends, 2-page files)
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { chunkPages } from "@/lib/documents/chunk";
import { vectorIndexName, vectorIndexSql } from "@/lib/documents/vector-index";
import type { EmbeddingModel } from "@/lib/models/embedding-model";
import type { HearthClient } from "@/testkit/client";
import { createMigratedDatabase } from "@/testkit/database";
import { makePdf } from "@/testkit/documents";
import { makeEmbeddingModel } from "@/testkit/models";
import type { Stack } from "@/testkit/stack";
import { readDocument } from "@/worker/documents/read";
import { embedWith, unloadEmbeddingModel } from "@/worker/embeddings/embedder";
import { elapsed, now } from "./support/clock";
import { type Fact, seedPassages } from "./support/document-passages";
import { expectStatus } from "./support/expect-status";
import { compareWithJobsPending, openStackQueue, startOneSequenceStack, waitForNoJobs } from "./support/queued-work";
import { setting } from "./support/quick";
import { fmt, note, percentile, printTable } from "./support/report";
import { createUsers, installChatModel, registerModel, stopBenchStack } from "./support/stack";
import { sendTimed } from "./support/timed-sends";

const PAGES = setting("BENCH_PAGES", 200, 5);
// Quick: enough passages that PostgreSQL's planner prefers the HNSW index to a scan and a sort (about 3,000 here).
const CHUNKS = setting("BENCH_CHUNKS", 100_000, 4_000);
const QUESTIONS = setting("BENCH_QUESTIONS", 100, 20);
const SENDS = setting("BENCH_SENDS", 10, 4);
const JOBS = setting("BENCH_JOBS", 20, 20);
/** Pages of each file the indexing jobs read. */
const JOB_PAGES = setting("BENCH_JOB_PAGES", 10, 2);

function pdfOf(pages: number, words: (page: number, line: number) => string): Buffer {
  const lines = (p: number) => Array.from({ length: 30 }, (_, i) => `Page ${p} line ${i}: notes about the ${words(p, i)}.`);
  return makePdf({ pages: Array.from({ length: pages }, (_, p) => lines(p)) });
}

const TOPICS = ["garden", "kitchen", "boiler", "school", "holiday", "doctor", "bicycle", "camera", "roof", "budget"];

async function pagesPerSecond(): Promise<number> {
  const pdf = pdfOf(PAGES, (p, i) => TOPICS[(p + i) % TOPICS.length] as string);
  const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "hearth-bench-docs-")), "bench.pdf");
  await fs.writeFile(file, pdf);
  const start = now();
  const pages = await readDocument(file, "pdf", { maxPages: PAGES, onPage: async () => {} });
  const chunks = chunkPages(pages);
  const seconds = (now() - start) / 1000;
  note(`read ${pages.length} pages into ${chunks.length} passages in ${fmt(seconds * 1000)} ms`);
  await fs.rm(path.dirname(file), { recursive: true, force: true });
  return pages.length / seconds;
}

type Retrieval = { p50: number; p95: number; embedP50: number; recall: number; index: "hnsw" | "none" };

/** The model's index, built on the bench's own connection with room to build it in memory. */
async function buildIndex(db: pg.Client, space: { model: string; dimensions: number }): Promise<void> {
  const started = now();
  await db.query("SET maintenance_work_mem = '1GB'");
  await db.query(vectorIndexSql(space, { concurrently: false }));
  await db.query(`VACUUM ANALYZE "DocumentChunk"`);
  note(`HNSW index over ${CHUNKS} passages built in ${elapsed(started)}`);
}

/** Whether the vector ranking's own query uses the index (EXPLAIN of the first question's query). */
async function planUsesIndex(db: pg.Client, files: string[], query: { model: string; vector: number[] }): Promise<boolean> {
  const { vectorRankingSql } = await import("../lib/documents/retrieve");
  const sql = vectorRankingSql(files, query);
  const { rows } = await db.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql.text}`, sql.values);
  const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
  return plan.includes(`Index Scan using "${vectorIndexName({ model: query.model, dimensions: query.vector.length })}"`);
}

async function retrieval(db: pg.Client, model: EmbeddingModel, facts: Fact[]): Promise<Retrieval> {
  const { searchPassages } = await import("../lib/documents/retrieve");
  const files = [{ id: "d", name: "manual.txt", textChars: 0, collection: null }];
  const embed = async (question: string) => {
    const start = now();
    const { vectors } = await embedWith(model, [question]);
    return { vector: { model: model.name, vector: vectors[0] ?? [] }, ms: now() - start };
  };
  const warm = await embed("warm up");
  await searchPassages({ files, question: "warm up", limit: 5, queryVector: warm.vector });
  const index = (await planUsesIndex(db, ["d"], warm.vector)) ? "hnsw" : "none";
  const timings: number[] = [];
  const embedMs: number[] = [];
  let found = 0;
  for (const fact of facts) {
    const { vector, ms } = await embed(fact.question);
    embedMs.push(ms);
    const start = now();
    const passages = await searchPassages({ files, question: fact.question, limit: 5, queryVector: vector });
    timings.push(now() - start);
    if (passages.some((p) => p.ordinal === fact.ordinal)) found++;
  }
  return {
    p50: percentile(timings, 50),
    p95: percentile(timings, 95),
    embedP50: percentile(embedMs, 50),
    recall: found / facts.length,
    index,
  };
}

/** One member's file of CHUNKS passages with the lexical model's vectors, in a database of its own. */
async function retrievalBench(dir: string): Promise<Retrieval> {
  const { url, drop } = await createMigratedDatabase("hearth_bench_documents");
  process.env.DATABASE_URL = url;
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ('u', 'b@example.com', 'B', 'x', 'member', now())`,
    );
    await db.query(
      `INSERT INTO "Document" (id, "userId", name, mime, bytes, sha256, "storedName", status, "updatedAt")
       VALUES ('d', 'u', 'manual.txt', 'text/plain', 1, 'x', 'd.text', 'ready', now())`,
    );
    const model = { id: "lexical", name: "Lexical", path: path.join(dir, await makeEmbeddingModel(dir)) };
    const { facts, dimensions } = await seedPassages(db, { documentId: "d", chunks: CHUNKS, questions: QUESTIONS, model });
    await buildIndex(db, { model: model.name, dimensions });
    return await retrieval(db, model, facts);
  } finally {
    const { disconnectDb } = await import("../lib/db");
    await disconnectDb();
    await unloadEmbeddingModel();
    await db.end();
    await drop();
  }
}

/** A member's first token with no indexing job pending, then with JOBS pending (another member's uploads). */
async function firstTokenBench(dir: string) {
  const started = now();
  let stack: Stack | undefined;
  const queues: ReturnType<typeof openStackQueue>[] = [];
  try {
    stack = await startOneSequenceStack();
    const documents = openStackQueue(stack, "documents");
    const titles = openStackQueue(stack, "title");
    queues.push(documents, titles);
    const { admin, members } = await createUsers(stack, 2);
    await installChatModel(stack, admin, dir);
    // Indexing as a family has it: read, chunked and embedded by the family's embedding model.
    const lexical = await registerModel(admin, "Lexical", await makeEmbeddingModel(stack.modelsDir));
    await expectStatus("choose embedding model", admin.json("/api/admin/embedding-model", { modelId: lexical.id }, "PUT"), 200);
    const [writer, member] = members as [HearthClient, HearthClient];
    const quiet = await sendTimed(member, "Warm-up: load the model, please.");
    const busyOne = await sendTimed(member, "Warm-up: a second conversation.");
    await Promise.all([waitForNoJobs(titles.queue), waitForNoJobs(documents.queue)]);
    note(`stack up and warm (${elapsed(started)})`);

    let uploaded = 0;
    const upload = async () => {
      for (let i = 0; i < JOBS; i++) {
        const pdf = pdfOf(JOB_PAGES, (p, line) => `${TOPICS[(uploaded + p + line) % TOPICS.length]} file ${uploaded}`);
        const url = `/api/documents?name=${encodeURIComponent(`file-${uploaded++}.pdf`)}`;
        const sent = await writer.fetch(url, {
          method: "POST",
          headers: { "content-type": "application/octet-stream" },
          body: new Uint8Array(pdf),
        });
        if (sent.status !== 201) throw new Error(`upload: HTTP ${sent.status} ${await sent.text()}`);
      }
    };
    return await compareWithJobsPending({
      queue: documents.queue,
      member,
      conversations: [quiet, busyOne],
      sends: SENDS,
      count: JOBS,
      noun: "indexing job",
      slotIs: `one ${JOB_PAGES}-page PDF indexed alone`,
      pend: upload,
      log: (line) => note(`${line} (${elapsed(started)})`),
    });
  } finally {
    for (const q of queues) await q.close();
    await stopBenchStack(stack);
  }
}

async function main() {
  const started = now();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-bench-documents-"));
  try {
    const rate = await pagesPerSecond();
    const found = await retrievalBench(dir);
    note(
      `retrieval done (${elapsed(started)}): p50 ${fmt(found.p50)} ms, p95 ${fmt(found.p95)} ms, recall@5 ${fmt(found.recall, 2)}, index ${found.index}`,
    );
    const first = await firstTokenBench(dir);
    printTable(
      `Documents: ${PAGES}-page PDF read; ${CHUNKS} passages with ${found.index === "hnsw" ? "HNSW-indexed" : "unindexed"} vectors searched (${QUESTIONS} questions, vector + keyword + codes)`,
      ["measure", "value"],
      [
        ["pages/s read and chunked", fmt(rate)],
        ["question embedding p50 ms", fmt(found.embedP50)],
        ["retrieval p50 ms", fmt(found.p50)],
        ["retrieval p95 ms", fmt(found.p95)],
        ["recall@5", fmt(found.recall, 2)],
        [`first token p50 ms, no job / ${JOBS} jobs pending`, `${fmt(first.idleP50)} / ${fmt(first.busyP50)}`],
        [`extra slots with ${JOBS} jobs pending`, fmt(first.extraSlots, 2)],
      ],
    );
    note(`total ${elapsed(started)}`);
    console.log(
      `documents pages_per_s=${fmt(rate)} retrieval_p95_ms=${fmt(found.p95)} recall_at_5=${fmt(found.recall, 2)} vector_index=${found.index} ` +
        `slot_ms=${fmt(first.slot)} extra_slots=${fmt(first.extraSlots, 2)}`,
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
