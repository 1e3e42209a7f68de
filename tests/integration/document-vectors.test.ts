// The passages' vectors through the real worker and the lexical embedding model: choosing the family's embedding
// model re-indexes every file in the background, its progress (files of files, percent) visible to the admin
// while members' questions keep being answered by their words; then the model has its HNSW (cosine) index and
// the vector ranking's own query uses it over a big table; a file uploaded during a re-index is indexed first.
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vectorRankingSql } from "@/lib/documents/retrieve";
import type { AnswerSources } from "@/lib/documents/sources";
import { vectorIndexName } from "@/lib/documents/vector-index";
import type { ReindexState } from "@/lib/models/embedding-model";
import { sql } from "@/testkit/accounts";
import { type HearthClient, readEvents } from "@/testkit/client";
import { setUpFamily, startChat } from "@/testkit/family";
import { EMBEDDING_DIMENSIONS, EMBEDDING_MODEL_FILE, makeEmbeddingModel } from "@/testkit/models";
import { type Stack, startStack } from "@/testkit/stack";
import { makeTinyGguf } from "@/tools/gguf/tiny-model";

type EmbeddingState = { embeddingModel: { id: string; name: string } | null; reindex: ReindexState | null };
type MessageView = { id: string; status: string; sources: AnswerSources | null };

const FILES = 10;
const CODE_FACT = "Spare part ZQ-3391-K is the replacement gasket for the garden tap.";
let stack: Stack;
let admin: HearthClient;
let alice: HearthClient;
let bob: HearthClient;
let longModelId: string;
let embeddingModelId: string;
let manualId: string;

/** A file of n sections about household things; the first file also holds the code the question asks for. */
function manual(file: number, sections: number): string {
  const topics = ["kitchen", "roof", "garage", "attic", "windows", "heating", "laundry", "fence", "lights", "doorbell"];
  const text = Array.from({ length: sections }, (_, i) => {
    const topic = topics[(i + file) % topics.length];
    return `File ${file} section ${i}: the ${topic} was checked in spring and everything about the ${topic} looked fine. Keep the ${topic} tidy and write down anything unusual about it in the house book.`;
  });
  if (file === 0) text.splice(41, 0, CODE_FACT);
  return text.join("\n\n");
}

async function readyFile(client: HearthClient, name: string, text: string): Promise<string> {
  const response = await client.fetch(`/api/documents?name=${encodeURIComponent(name)}`, {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body: new TextEncoder().encode(text),
  });
  expect(response.status).toBe(201);
  const { document } = (await response.json()) as { document: { id: string } };
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { data } = await client.json<{ document: { status: string } }>(`/api/documents/${document.id}`);
    if (data.document.status === "ready") return document.id;
    if (data.document.status === "failed" || Date.now() > deadline) throw new Error(`${name}: ${data.document.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function ask(client: HearthClient, conversationId: string, content: string): Promise<MessageView> {
  const sent = await client.json<{ generationId: string }>(`/api/conversations/${conversationId}/messages`, { content });
  expect(sent.status).toBe(201);
  await readEvents(client, sent.data.generationId);
  const { data } = await client.json<{ conversation: { messages: MessageView[] } }>(`/api/conversations/${conversationId}`);
  const answer = data.conversation.messages.find((m) => m.id === sent.data.generationId);
  expect(answer?.status).toBe("done");
  return answer as MessageView;
}

/** Bob chats without a pause until told to stop: answers are being generated all through the re-index. */
async function keepChatting(client: HearthClient, until: () => boolean): Promise<number> {
  const { conversationId, generationId } = await startChat(client, "Tell me a story about a lighthouse.", longModelId);
  await readEvents(client, generationId);
  let answers = 1;
  while (!until()) {
    const sent = await client.json<{ generationId: string }>(`/api/conversations/${conversationId}/messages`, { content: "Go on." });
    await readEvents(client, sent.data.generationId);
    answers++;
  }
  return answers;
}

beforeAll(async () => {
  stack = await startStack({ worker: true, extraEnv: { HEARTH_CONTEXT_SIZE: "8192", HEARTH_MAX_OUTPUT_TOKENS: "24" } });
  const family = await setUpFamily(stack, ["Alice", "Bob"]);
  admin = family.admin;
  [alice, bob] = family.members as [HearthClient, HearthClient];
  await makeTinyGguf({ out: path.join(stack.modelsDir, "tiny/long.gguf"), ctx: 8192 });
  const long = await admin.json<{ model: { id: string } }>("/api/admin/models", { name: "Long", filePath: "tiny/long.gguf" });
  longModelId = long.data.model.id;
  const lexical = await admin.json<{ model: { id: string } }>("/api/admin/models", {
    name: "Lexical",
    filePath: await makeEmbeddingModel(stack.modelsDir),
  });
  expect(lexical.status).toBe(201);
  embeddingModelId = lexical.data.model.id;
  // Indexed before any embedding model is chosen: keyword search only, until the re-index.
  manualId = await readyFile(alice, "manual.txt", manual(0, 70));
  for (let file = 1; file < FILES; file++) await readyFile(alice, `notes-${file}.txt`, manual(file, 12));
}, 300_000);

afterAll(async () => {
  await stack?.stop();
});

describe("choosing the family's embedding model", () => {
  it("shows the admin the re-index's progress file by file until done, while members' questions are answered by keyword", async () => {
    const { conversationId, generationId } = await startChat(alice, "Hello", longModelId);
    await readEvents(alice, generationId);
    const attached = await alice.json(`/api/conversations/${conversationId}/documents`, { documentIds: [manualId] });
    expect(attached.status).toBe(200);

    let done = false;
    const chatting = keepChatting(bob, () => done);
    const chosen = await admin.json<EmbeddingState>("/api/admin/embedding-model", { modelId: embeddingModelId }, "PUT");
    expect(chosen.status).toBe(200);
    expect(chosen.data.embeddingModel).toEqual({ id: embeddingModelId, name: "Lexical" });
    expect(chosen.data.reindex).toMatchObject({ of: FILES, done: false });

    const seen: ReindexState[] = [];
    const answered = ask(alice, conversationId, "What is ZQ-3391-K?").then(async (answer) => {
      const after = await admin.json<EmbeddingState>("/api/admin/embedding-model");
      return { answer, reindexAfter: after.data.reindex };
    });
    const deadline = Date.now() + 180_000;
    while (!done) {
      const { data } = await admin.json<EmbeddingState>("/api/admin/embedding-model");
      if (data.reindex) seen.push(data.reindex);
      done = data.reindex?.done === true;
      if (Date.now() > deadline) throw new Error(`re-index not done: ${JSON.stringify(seen.at(-1))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const [{ answer, reindexAfter }, bobAnswers] = await Promise.all([answered, chatting]);

    // Alice was answered from her file by its words while the re-index was still going on.
    expect(reindexAfter?.done).toBe(false);
    expect(answer.sources?.mode).toBe("passages");
    expect(answer.sources?.sources[0]?.snippet).toContain("ZQ-3391-K");
    // Progress went up file by file, never back, shown part way, and ended complete.
    const counts = seen.map((s) => s.files);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(seen.some((s) => s.files > 0 && s.files < FILES)).toBe(true);
    expect(seen.at(-1)).toEqual({ files: FILES, of: FILES, percent: 100, done: true });
    expect(bobAnswers).toBeGreaterThan(1);
    // Every passage now carries the model's vector.
    const [vectors] = await sql<{ missing: number; dims: number }>(
      stack,
      `SELECT count(*) FILTER (WHERE "embeddingModel" IS DISTINCT FROM 'Lexical' OR embedding IS NULL)::int AS missing,
              max(vector_dims(embedding)) AS dims FROM "DocumentChunk"`,
    );
    expect(vectors).toEqual({ missing: 0, dims: EMBEDDING_DIMENSIONS });
  }, 300_000);

  it("makes the model's HNSW cosine index, which the vector ranking's query uses over a big table", async () => {
    const name = vectorIndexName({ model: "Lexical", dimensions: EMBEDDING_DIMENSIONS });
    const [index] = await sql<{ valid: boolean; definition: string }>(
      stack,
      `SELECT i.indisvalid AS valid, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1`,
      [name],
    );
    expect(index?.valid).toBe(true);
    expect(index?.definition).toContain("USING hnsw");
    expect(index?.definition).toContain("vector_cosine_ops");
    expect(index?.definition).toContain(`vector(${EMBEDDING_DIMENSIONS})`);

    // A big file of passages with the model's vectors (random ones: the plan, not the answer, is checked here).
    const [{ id: bigId }] = (await sql<{ id: string }>(
      stack,
      `INSERT INTO "Document" (id, "userId", name, mime, bytes, sha256, "storedName", status, "updatedAt")
       SELECT 'big-file', "userId", 'big.txt', 'text/plain', 1, 'x', 'big.text', 'ready', now() FROM "Document" WHERE id = $1
       RETURNING id`,
      [manualId],
    )) as [{ id: string }];
    await sql(
      stack,
      `INSERT INTO "DocumentChunk" (id, "documentId", ordinal, text, "embeddingModel", embedding)
       SELECT 'big-' || n, $1, n, 'passage ' || n, 'Lexical',
              (SELECT array_agg(random() - 0.5 + n * 0 + i * 0) FROM generate_series(1, $2::int) AS i)::vector
       FROM generate_series(1, 5000) AS n`,
      [bigId, EMBEDDING_DIMENSIONS],
    );
    await sql(stack, `ANALYZE "DocumentChunk"`);
    const question = Array.from({ length: EMBEDDING_DIMENSIONS }, (_, i) => Math.sin(i));
    const query = vectorRankingSql([bigId, manualId], { model: "Lexical", vector: question });
    const plan = (await sql<{ "QUERY PLAN": string }>(stack, `EXPLAIN ${query.text}`, query.values)).map((r) => r["QUERY PLAN"]);
    expect(plan.join("\n")).toContain(`Index Scan using "${name}"`);
  }, 300_000);

  it("indexes a file a member uploads during a re-index before the re-index goes on", async () => {
    // The same lexical model under another name: every passage, the 5,000 of the big file included, is embedded again.
    await fs.copyFile(path.join(stack.modelsDir, EMBEDDING_MODEL_FILE), path.join(stack.modelsDir, "lexical-two.gguf"));
    const two = await admin.json<{ model: { id: string } }>("/api/admin/models", { name: "Lexical two", filePath: "lexical-two.gguf" });
    expect(two.status).toBe(201);
    const chosen = await admin.json<EmbeddingState>("/api/admin/embedding-model", { modelId: two.data.model.id }, "PUT");
    expect(chosen.data.reindex?.done).toBe(false);

    const lateId = await readyFile(alice, "late-note.txt", manual(11, 5));
    const whenReady = (await admin.json<EmbeddingState>("/api/admin/embedding-model")).data.reindex as ReindexState;
    expect(whenReady.done).toBe(false);
    expect(whenReady.files).toBeLessThan(whenReady.of);

    const deadline = Date.now() + 240_000;
    for (;;) {
      const { data } = await admin.json<EmbeddingState>("/api/admin/embedding-model");
      if (data.reindex?.done) break;
      if (Date.now() > deadline) throw new Error(`re-index not done: ${JSON.stringify(data.reindex)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const [late] = await sql<{ models: string[] }>(
      stack,
      `SELECT array_agg(DISTINCT "embeddingModel") AS models FROM "DocumentChunk" WHERE "documentId" = $1`,
      [lateId],
    );
    expect(late?.models).toEqual(["Lexical two"]);
    const [{ missing }] = (await sql<{ missing: number }>(
      stack,
      `SELECT count(*) FILTER (WHERE "embeddingModel" IS DISTINCT FROM 'Lexical two' OR embedding IS NULL)::int AS missing FROM "DocumentChunk"`,
    )) as [{ missing: number }];
    expect(missing).toBe(0);
  }, 300_000);
});
