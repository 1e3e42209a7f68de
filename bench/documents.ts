// Documents: how fast PDFs are read and cut into passages (pages/s), and retrieval over one member's file of
// 100,000 passages: p95 of the hybrid search (target <= 100 ms here) and recall@5 on generated questions
// (keyword search only until an embedding model is chosen). The first-token delay with indexing jobs queued
// is not measured yet (extra_slots=na).
// Run: npm run bench:documents   (BENCH_QUICK=1: 20 pages, 2,000 passages, 20 questions)
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { chunkPages } from "@/lib/documents/chunk";
import { createMigratedDatabase } from "@/testkit/database";
import { makePdf } from "@/testkit/documents";
import { readDocument } from "@/worker/documents/read";
import { now } from "./support/clock";
import { setting } from "./support/quick";
import { fmt, note, percentile, printTable } from "./support/report";

const PAGES = setting("BENCH_PAGES", 200, 20);
const CHUNKS = setting("BENCH_CHUNKS", 100_000, 2_000);
const QUESTIONS = setting("BENCH_QUESTIONS", 100, 20);

const WORDS = (
  "garden kitchen bread recipe school homework river mountain weather holiday travel train ticket doctor medicine " +
  "music guitar piano lesson teacher birthday cake present dinner coffee flower forest camping football bicycle " +
  "boiler manual contract rent bank budget computer printer phone battery photo camera window roof garage attic"
).split(" ");

async function pagesPerSecond(): Promise<number> {
  const lines = (p: number) =>
    Array.from({ length: 30 }, (_, i) => `Page ${p} line ${i}: notes about the ${WORDS[(p + i) % WORDS.length]}.`);
  const pdf = makePdf({ pages: Array.from({ length: PAGES }, (_, p) => lines(p)) });
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

/** The passages, in the database itself; question i's fact is passage i * step (a pair of words and a code). */
async function seed(db: pg.Client, documentId: string): Promise<{ question: string; ordinal: number }[]> {
  await db.query(
    `INSERT INTO "DocumentChunk" (id, "documentId", ordinal, page, text)
     SELECT $1 || '-' || n, $1, n, 1 + n / 10,
       (SELECT string_agg(($2::text[])[1 + floor(random() * array_length($2::text[], 1))::int], ' ')
        FROM generate_series(1, 60 + (n % 40)) WHERE n >= 0) || '.'
     FROM generate_series(0, $3::int - 1) AS n`,
    [documentId, WORDS, CHUNKS],
  );
  const step = Math.floor(CHUNKS / QUESTIONS);
  const facts = Array.from({ length: QUESTIONS }, (_, i) => {
    const a = WORDS[i % WORDS.length] as string;
    const b = WORDS[(i * 7 + 3) % WORDS.length] as string;
    const code = `QX-${1000 + i}`;
    return {
      ordinal: i * step,
      text: `The ${a} ${b} warranty is part ${code}, kept in the blue folder.`,
      question: `Which part is ${code}?`,
    };
  });
  for (const fact of facts)
    await db.query(`UPDATE "DocumentChunk" SET text = text || ' ' || $2 WHERE "documentId" = $1 AND ordinal = $3`, [
      documentId,
      fact.text,
      fact.ordinal,
    ]);
  await db.query(`ANALYZE "DocumentChunk"`);
  return facts;
}

async function main() {
  const rate = await pagesPerSecond();
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
    const facts = await seed(db, "d");
    const { searchPassages } = await import("../lib/documents/retrieve");
    const files = [{ id: "d", name: "manual.txt", textChars: 0, collection: null }];
    await searchPassages({ files, question: "warm up", limit: 5 });
    const timings: number[] = [];
    let found = 0;
    for (const fact of facts) {
      const start = now();
      const passages = await searchPassages({ files, question: fact.question, limit: 5 });
      timings.push(now() - start);
      if (passages.some((p) => p.ordinal === fact.ordinal)) found++;
    }
    const recall = found / facts.length;
    printTable(
      `Documents: ${PAGES}-page PDF read; ${CHUNKS} passages searched (${QUESTIONS} questions, keyword + codes)`,
      ["measure", "value"],
      [
        ["pages/s read and chunked", fmt(rate)],
        ["retrieval p50 ms", fmt(percentile(timings, 50))],
        ["retrieval p95 ms", fmt(percentile(timings, 95))],
        ["recall@5", fmt(recall)],
      ],
    );
    const { getDb } = await import("../lib/db");
    await getDb().$disconnect();
    console.log(
      `documents pages_per_s=${fmt(rate)} retrieval_p95_ms=${fmt(percentile(timings, 95))} recall_at_5=${fmt(recall)} extra_slots=na`,
    );
  } finally {
    await db.end();
    await drop();
  }
}

await main();
