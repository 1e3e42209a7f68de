// One member's file of many passages for the documents bench, straight into its database with the lexical
// embedding model's vectors: filler passages of random everyday words, every n-th passage a fact instead, and a
// question per fact that names what the fact is about in other words around it.
//
// Embedding 100,000 passages one by one through node-llama-cpp takes over half an hour on a shared 2-core
// machine, so the filler passages' vectors are composed from the model's own vectors of their words: the
// lexical model has no position embeddings and no mixing between tokens (tools/gguf/lexical-embedding-model.ts),
// so a text's mean-pooled vector is the sum of its words' token vectors over its token count. Each word is
// embedded alone (its vector × the tokens that mean was over is its share of the sum). A sample of filler passages is
// embedded whole through the engine and must agree (cosine ≥ 0.999) or the bench stops; the fact passages and
// every question are embedded whole through the engine.
import type pg from "pg";
import { vectorText } from "@/lib/documents/store";
import type { EmbeddingModel } from "@/lib/models/embedding-model";
import { mulberry32 } from "@/tools/gguf/tiny-model";
import { embedWith } from "@/worker/embeddings/embedder";
import { now } from "./clock";
import { fmt, note } from "./report";

/** Filler words (the lexical model's vocabulary has most; the rest it spells in pieces). */
const WORDS = (
  "garden kitchen bread recipe school homework river mountain weather holiday travel train ticket doctor medicine " +
  "music guitar piano lesson teacher birthday cake present dinner coffee flower forest camping football bicycle " +
  "boiler manual contract rent bank budget computer printer phone battery photo camera window roof garage attic"
).split(" ");
/** Words only facts use: each fact names a pair of them, no two facts the same pair. */
const FACT_WORDS = (
  "thermostat radiator valve passport insurance invoice receipt dishwasher fridge freezer router charger fuse meter " +
  "solar laptop television tyre visa vet"
).split(" ");
const INSERT_BATCH = 1000;
const CHECK_SAMPLE = 16;
const MIN_CHECK_COSINE = 0.999;

export type Fact = { ordinal: number; question: string };
type Passage = { ordinal: number; words: string[]; fact: string | null };

function factPairs(count: number): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [i, a] of FACT_WORDS.entries()) for (const b of FACT_WORDS.slice(i + 1)) pairs.push([a, b]);
  if (count > pairs.length) throw new Error(`at most ${pairs.length} questions`);
  // Spread over all pairs, so no word is in many more facts than another.
  const step = pairs.length / count;
  return Array.from({ length: count }, (_, i) => pairs[Math.floor(i * step)] as [string, string]);
}

const textOf = (p: Passage) => p.fact ?? `${p.words.join(" ")}.`;

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [i, x] of a.entries()) {
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return dot / Math.sqrt(na * nb);
}

/** [CLS] and [SEP]: the engine adds them around every text; they embed to zero but count in the mean. */
const CONTROL_TOKENS = 2;

/** Each filler word's share of a text's vector sum: its vector embedded alone × the tokens that mean was over. */
async function wordShares(model: EmbeddingModel): Promise<Map<string, number[]>> {
  const shares = new Map<string, number[]>();
  for (const word of WORDS) {
    const { vectors, tokens } = await embedWith(model, [word]);
    shares.set(
      word,
      (vectors[0] ?? []).map((v) => v * (tokens + CONTROL_TOKENS)),
    );
  }
  return shares;
}

function compose(words: string[], shares: Map<string, number[]>, dimensions: number): number[] {
  const sum = new Float64Array(dimensions);
  for (const word of words) {
    const share = shares.get(word) ?? [];
    for (let i = 0; i < dimensions; i++) sum[i] = (sum[i] as number) + (share[i] ?? 0);
  }
  const norm = Math.hypot(...sum) || 1;
  return Array.from(sum, (v) => v / norm);
}

/** Filler passages embedded whole through the engine against their composed vectors: the smallest cosine. */
async function checkComposition(model: EmbeddingModel, sample: Passage[], shares: Map<string, number[]>, dimensions: number) {
  const { vectors } = await embedWith(model, sample.map(textOf));
  const least = Math.min(...sample.map((p, i) => cosine(vectors[i] ?? [], compose(p.words, shares, dimensions))));
  if (!(least >= MIN_CHECK_COSINE))
    throw new Error(`composed vectors differ from the engine's (cosine ${least}): the lexical model changed?`);
  return least;
}

/**
 * The passages, and a fact in every n-th: a passage of its own (a short section) about a pair of words no other
 * fact has, naming them twice as a text about something does. Its question names the pair in other words
 * around it: words the model knows whole, none the start of a filler word ("for" is how it spells "forest"),
 * and one article only ("the" in every fact and question would weigh more than what tells them apart). With
 * 384 dimensions, 100,000 random passages come within cosine ≈ 0.2 of any question by chance alone: a fact
 * drowned in filler would be found by its words only.
 */
function makePassages(chunks: number, questions: number): { passages: Passage[]; facts: Fact[] } {
  const random = mulberry32(16);
  const filler = (count: number) => Array.from({ length: count }, () => WORDS[Math.floor(random() * WORDS.length)] as string);
  const passages: Passage[] = Array.from({ length: chunks }, (_, ordinal) => ({ ordinal, words: filler(60 + (ordinal % 40)), fact: null }));
  const step = Math.floor(chunks / questions);
  const facts = factPairs(questions).map(([a, b], i) => {
    const passage = passages[i * step] as Passage;
    passage.words = [];
    passage.fact = `Warranty papers for ${a} and ${b}: ${a} and ${b} are covered under part QX-${1000 + i}, kept in blue folder ${i}.`;
    return { ordinal: passage.ordinal, question: `What is the warranty of ${a} and ${b}?` };
  });
  return { passages, facts };
}

async function insertPassages(db: pg.Client, documentId: string, model: string, rows: { passage: Passage; vector: number[] }[]) {
  await db.query(
    `INSERT INTO "DocumentChunk" (id, "documentId", ordinal, page, text, "embeddingModel", embedding)
     SELECT $1 || '-' || u.ordinal, $1, u.ordinal, 1 + u.ordinal / 10, u.text, $2, u.embedding::vector
     FROM unnest($3::int[], $4::text[], $5::text[]) AS u(ordinal, text, embedding)`,
    [documentId, model, rows.map((r) => r.passage.ordinal), rows.map((r) => textOf(r.passage)), rows.map((r) => vectorText(r.vector))],
  );
}

/** `chunks` embedded passages of the document with `questions` facts spread evenly among them. */
export async function seedPassages(
  db: pg.Client,
  input: { documentId: string; chunks: number; questions: number; model: EmbeddingModel },
): Promise<{ facts: Fact[]; dimensions: number; checkCosine: number }> {
  const started = now();
  const { passages, facts } = makePassages(input.chunks, input.questions);
  const shares = await wordShares(input.model);
  const dimensions = shares.get(WORDS[0] as string)?.length ?? 0;
  const filler = passages.filter((p) => !p.fact);
  const checkCosine = await checkComposition(input.model, filler.slice(0, CHECK_SAMPLE), shares, dimensions);
  const withFacts = passages.filter((p) => p.fact);
  const { vectors: factVectors } = await embedWith(input.model, withFacts.map(textOf));
  const factVector = new Map(withFacts.map((p, i) => [p.ordinal, factVectors[i] ?? []]));
  for (let start = 0; start < passages.length; start += INSERT_BATCH) {
    const batch = passages.slice(start, start + INSERT_BATCH);
    const rows = batch.map((passage) => ({
      passage,
      vector: factVector.get(passage.ordinal) ?? compose(passage.words, shares, dimensions),
    }));
    await insertPassages(db, input.documentId, input.model.name, rows);
  }
  note(
    `${passages.length} passages embedded and stored in ${fmt((now() - started) / 1000)} s (composed vectors agree: cosine ≥ ${fmt(checkCosine, 5)})`,
  );
  return { facts, dimensions, checkCosine };
}
