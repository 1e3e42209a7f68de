// Members' files through the real worker: uploaded, read and indexed on the documents queue, used by the
// conversation's answers (whole when they fit, else the matching passages, cited by number and stored as the
// answer's sources), each bad file with its reason, and private to their owner (admins included).
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeFailure } from "@/lib/i18n/failure";
import { sql } from "@/testkit/accounts";
import { type HearthClient, readEvents } from "@/testkit/client";
import { makeDocx, makePdf, malformedPdf, plainZip, zipBombDocx } from "@/testkit/documents";
import { askAndWait, setUpFamily, startChat } from "@/testkit/family";
import { installLongModel } from "@/testkit/models";
import { type Stack, startStack } from "@/testkit/stack";

type DocumentView = { id: string; name: string; status: string; failure: string | null; pages: number | null; progress: number };

const MAX_FILE_BYTES = 2_000_000;
const MAX_PAGES = 20;
let stack: Stack;
let admin: HearthClient;
let alice: HearthClient;
let bob: HearthClient;
let longModelId: string;

/** A long manual: filler about many things, and a few facts the questions look for. */
const FACTS = {
  pump: "The pool pump filter must be cleaned every fourteen days with the blue brush.",
  code: "Spare part ZQ-3391-K is the replacement gasket for the garden tap.",
  chinese: "泳池水泵的过滤器每十四天清洗一次。",
};
function longManual(): string {
  const topics = ["kitchen", "roof", "garage", "attic", "windows", "heating", "laundry", "fence", "lights", "doorbell"];
  const filler = Array.from({ length: 70 }, (_, i) => {
    const topic = topics[i % topics.length];
    return `Section ${i}: notes on the ${topic}. The ${topic} was checked in spring and everything about the ${topic} looked fine. Keep the ${topic} tidy and write down anything unusual about the ${topic} in the house book.`;
  });
  filler.splice(23, 0, FACTS.pump);
  filler.splice(41, 0, FACTS.code);
  filler.splice(57, 0, FACTS.chinese);
  return filler.join("\n\n");
}

async function uploadRaw(client: HearthClient, name: string, bytes: Buffer) {
  const response = await client.fetch(`/api/documents?name=${encodeURIComponent(name)}`, {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body: new Uint8Array(bytes),
  });
  const data = (await response.json()) as { document: DocumentView; error?: { key: string } };
  return { status: response.status, data };
}

async function settled(client: HearthClient, id: string): Promise<DocumentView> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const { data } = await client.json<{ document: DocumentView }>(`/api/documents/${id}`);
    if (data.document.status === "ready" || data.document.status === "failed") return data.document;
    if (Date.now() > deadline) throw new Error(`document ${id} still ${data.document.status}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function readyFile(client: HearthClient, name: string, bytes: Buffer): Promise<DocumentView> {
  const sent = await uploadRaw(client, name, bytes);
  expect(sent.status).toBe(201);
  const document = await settled(client, sent.data.document.id);
  expect(document.status).toBe("ready");
  return document;
}

/** A conversation (its first answer done) with the files attached. */
async function conversationWith(client: HearthClient, documentIds: string[]): Promise<string> {
  const { conversationId, generationId } = await startChat(client, "Hello there", longModelId);
  await readEvents(client, generationId);
  const attached = await client.json(`/api/conversations/${conversationId}/documents`, { documentIds });
  expect(attached.status).toBe(200);
  return conversationId;
}

const ask = askAndWait;

beforeAll(async () => {
  stack = await startStack({
    extraEnv: {
      HEARTH_CONTEXT_SIZE: "8192",
      HEARTH_MAX_OUTPUT_TOKENS: "8",
      HEARTH_FILE_MAX_BYTES: String(MAX_FILE_BYTES),
      HEARTH_FILE_MAX_PAGES: String(MAX_PAGES),
    },
  });
  const family = await setUpFamily(stack, ["Alice", "Bob"]);
  admin = family.admin;
  [alice, bob] = family.members as [HearthClient, HearthClient];
  longModelId = await installLongModel(stack.modelsDir, admin);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

describe("files in a conversation", () => {
  let manualId: string;
  let conversationId: string;

  it("become ready after reading and indexing: a PDF with its pages, a DOCX, a long text", async () => {
    const pdf = await readyFile(
      alice,
      "boiler.pdf",
      makePdf({ pages: [["The boiler is in the cellar."], ["Its warranty lasts five years."], ["Call the plumber."]] }),
    );
    expect(pdf.pages).toBe(3);
    expect(pdf.progress).toBe(100);
    const docx = await readyFile(alice, "letter.docx", makeDocx(["锅炉的保修期是五年。", "Dear family, the boiler is fine."]));
    expect(docx.pages).toBeNull();
    manualId = (await readyFile(alice, "manual.txt", Buffer.from(longManual()))).id;
    const [{ count }] = (await sql<{ count: string }>(stack, `SELECT count(*) FROM "DocumentChunk" WHERE "documentId" = $1`, [
      manualId,
    ])) as [{ count: string }];
    expect(Number(count)).toBeGreaterThan(10);
  }, 300_000);

  it("answers a question with the passage that holds its answer, and stores it as the answer's source", async () => {
    conversationId = await conversationWith(alice, [manualId]);
    const answer = await ask(alice, conversationId, "How often must the pool pump filter be cleaned?");
    expect(answer.sources?.mode).toBe("passages");
    const first = answer.sources?.sources[0];
    expect(first?.number).toBe(1);
    expect(first?.name).toBe("manual.txt");
    expect(first?.snippet).toContain("pool pump filter");
    const passage = await alice.json<{ passage: { text: string } }>(`/api/documents/${manualId}/chunks/${first?.chunkId}`);
    expect(passage.data.passage.text).toContain(FACTS.pump);
  }, 120_000);

  it("finds a product code by keyword, and Chinese by its characters, in follow-up questions", async () => {
    const code = await ask(alice, conversationId, "What is ZQ-3391-K?");
    expect(code.sources?.sources[0]?.snippet).toContain("ZQ-3391-K");
    const chinese = await ask(alice, conversationId, "泳池水泵的过滤器多久清洗？");
    expect(chinese.sources?.sources[0]?.snippet).toContain("泳池水泵的过滤器");
  }, 120_000);

  it("says so when no passage matches", async () => {
    const answer = await ask(alice, conversationId, "xylophone quasar marmalade?");
    expect(answer.sources).toEqual({ mode: "none", sources: [] });
  }, 120_000);

  it("reads a Chinese PDF (a CID font with its ToUnicode map) and finds its passage and page by a Chinese question", async () => {
    const rooms = ["厨房", "车库", "阁楼", "花园", "客厅"];
    const filler = (page: number) =>
      Array.from({ length: 40 }, (_, i) => `第${page}页第${i}条：${rooms[i % rooms.length]}的灯每个月检查一次。`);
    const notice = "您的信用卡年费将于三月一日扣除，金额为二百元。";
    const pdf = await readyFile(alice, "bank.pdf", makePdf({ cjk: "identity", pages: [filler(1), filler(2), [...filler(3), notice]] }));
    expect(pdf.pages).toBe(3);
    // With the long manual beside it the files do not fit whole: the answer gets passages.
    const other = await conversationWith(alice, [manualId, pdf.id]);
    const answer = await ask(alice, other, "信用卡年费什么时候扣除？");
    expect(answer.sources?.mode).toBe("passages");
    const first = answer.sources?.sources[0];
    expect(first).toMatchObject({ documentId: pdf.id, name: "bank.pdf" });
    expect(first?.page).toBeGreaterThanOrEqual(2);
    expect(first?.snippet).toContain("信用卡年费");
  }, 180_000);

  it("gives a small file whole, as one source", async () => {
    const note = await readyFile(alice, "note.md", Buffer.from("# Wifi\n\nThe wifi password is on the fridge."));
    const other = await conversationWith(alice, [note.id]);
    const answer = await ask(alice, other, "Where is the wifi password?");
    expect(answer.sources?.mode).toBe("whole");
    expect(answer.sources?.sources).toMatchObject([{ number: 1, name: "note.md", documentId: note.id }]);
  }, 120_000);
});

describe("bad files", () => {
  it("each get their reason, and leave no passages behind", async () => {
    const cases: [string, Buffer, string][] = [
      ["locked.pdf", makePdf({ pages: [["secret"]], encrypted: true }), "documentEncrypted"],
      ["broken.pdf", malformedPdf(), "documentMalformed"],
      ["scan.pdf", makePdf({ pages: [[""]], noText: true }), "documentNoText"],
      ["long.pdf", makePdf({ pages: Array.from({ length: MAX_PAGES + 1 }, (_, i) => [`page ${i + 1}`]) }), "documentTooManyPages"],
      ["bomb.docx", zipBombDocx(), "documentZipBomb"],
      ["archive.docx", plainZip(), "documentNotDocx"],
    ];
    for (const [name, bytes, key] of cases) {
      const sent = await uploadRaw(alice, name, bytes);
      expect(sent.status, name).toBe(201);
      const document = await settled(alice, sent.data.document.id);
      expect(document.status, name).toBe("failed");
      expect(decodeFailure(document.failure ?? "")?.key, name).toBe(key);
      const rows = await sql(stack, `SELECT 1 FROM "DocumentChunk" WHERE "documentId" = $1`, [document.id]);
      expect(rows, name).toHaveLength(0);
    }
  }, 300_000);

  it("are refused at upload when their bytes are no kind Hearth reads, empty, or too large", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expect((await uploadRaw(alice, "photo.txt", png)).data.error?.key).toBe("documentKindUnknown");
    expect((await uploadRaw(alice, "empty.txt", Buffer.alloc(0))).data.error?.key).toBe("documentEmpty");
    const big = await uploadRaw(alice, "big.txt", Buffer.alloc(MAX_FILE_BYTES + 1, 0x61));
    expect(big.status).toBe(413);
    expect(big.data.error?.key).toBe("documentTooLarge");
    const files = await fs.readdir(path.join(stack.env.HEARTH_DATA_DIR ?? "", "documents", ".uploads")).catch(() => []);
    expect(files).toEqual([]);
  }, 60_000);
});

describe("privacy", () => {
  it("another member and the admin get 404 on a file, its passages and its deletion; the owner deletes it with its passages", async () => {
    const document = await readyFile(alice, "private.txt", Buffer.from("Alice's secret diary entry about the garden."));
    const [chunk] = await sql<{ id: string }>(stack, `SELECT id FROM "DocumentChunk" WHERE "documentId" = $1`, [document.id]);
    for (const other of [bob, admin]) {
      expect((await other.json(`/api/documents/${document.id}`)).status).toBe(404);
      expect((await other.json(`/api/documents/${document.id}/chunks/${chunk?.id}`)).status).toBe(404);
      expect((await other.json(`/api/documents/${document.id}`, undefined, "DELETE")).status).toBe(404);
      const list = await other.json<{ documents: DocumentView[] }>("/api/documents");
      expect(list.data.documents.map((d) => d.id)).not.toContain(document.id);
    }
    // Bob cannot add Alice's file to his own conversation.
    const { conversationId } = await startChat(bob, "Hi", longModelId);
    expect((await bob.json(`/api/conversations/${conversationId}/documents`, { documentIds: [document.id] })).status).toBe(404);

    const [stored] = await sql<{ storedName: string }>(stack, `SELECT "storedName" FROM "Document" WHERE id = $1`, [document.id]);
    const file = path.join(stack.env.HEARTH_DATA_DIR ?? "", "documents", stored?.storedName ?? "");
    await fs.access(file);
    expect((await alice.json(`/api/documents/${document.id}`, undefined, "DELETE")).status).toBe(200);
    expect(await sql(stack, `SELECT 1 FROM "DocumentChunk" WHERE "documentId" = $1`, [document.id])).toHaveLength(0);
    await expect(fs.access(file)).rejects.toThrow();
  }, 120_000);
});

describe("the member's files", () => {
  type LibraryView = DocumentView & { conversations: { id: string; title: string }[] };
  const idsIn = (documents: { id: string }[]) => documents.map((d) => d.id);

  it("lists only the member's own files, each with the conversations that use it", async () => {
    const mine = await readyFile(alice, "shed.txt", Buffer.from("The spade and the rake hang in the shed."));
    const theirs = await readyFile(bob, "bicycle.txt", Buffer.from("Bob's bicycle needs new brake pads."));
    const conversationId = await conversationWith(alice, [mine.id]);
    const alices = (await alice.json<{ documents: LibraryView[] }>("/api/documents")).data.documents;
    expect(idsIn(alices)).toContain(mine.id);
    expect(idsIn(alices)).not.toContain(theirs.id);
    expect(alices.find((d) => d.id === mine.id)).toMatchObject({
      name: "shed.txt",
      status: "ready",
      conversations: [{ id: conversationId, title: expect.any(String) }],
    });
    const bobs = (await bob.json<{ documents: LibraryView[] }>("/api/documents")).data.documents;
    expect(idsIn(bobs)).toContain(theirs.id);
    expect(idsIn(bobs)).not.toContain(mine.id);
    expect(bobs.find((d) => d.id === theirs.id)?.conversations).toEqual([]);
  }, 120_000);

  it("adds the member's own file to their own conversation; someone else's file or conversation is not found, for the admin too", async () => {
    const file = await readyFile(alice, "recipes.txt", Buffer.from("Grandma's apple cake: four apples, butter, sugar."));
    const bobsFile = await readyFile(bob, "garage.txt", Buffer.from("The garage door code is written on the fuse box."));
    const own = await conversationWith(alice, [file.id]);
    const bobs = await startChat(bob, "Hi", longModelId);
    await readEvents(bob, bobs.generationId);
    const admins = await startChat(admin, "Hi", longModelId);
    await readEvents(admin, admins.generationId);

    const attach = (client: HearthClient, conversationId: string, documentIds: string[]) =>
      client.json(`/api/conversations/${conversationId}/documents`, { documentIds });
    expect((await attach(alice, bobs.conversationId, [file.id])).status).toBe(404);
    expect((await attach(alice, own, [bobsFile.id])).status).toBe(404);
    expect((await attach(alice, own, [file.id, bobsFile.id])).status).toBe(404);
    expect((await attach(admin, admins.conversationId, [file.id])).status).toBe(404);
    expect((await admin.json(`/api/documents/${file.id}`)).status).toBe(404);

    // Nothing was added by the refused requests: each conversation holds only what its owner added.
    const listed = async (client: HearthClient, conversationId: string) =>
      idsIn((await client.json<{ documents: DocumentView[] }>(`/api/conversations/${conversationId}/documents`)).data.documents);
    expect(await listed(alice, own)).toEqual([file.id]);
    expect(await listed(bob, bobs.conversationId)).toEqual([]);
    expect(await listed(admin, admins.conversationId)).toEqual([]);
  }, 180_000);

  it("deleting a file removes its passages and takes it out of the conversations that used it", async () => {
    const file = await readyFile(alice, "old-manual.txt", Buffer.from("The old washing machine drains through the grey hose."));
    const conversationId = await conversationWith(alice, [file.id]);
    expect(await sql(stack, `SELECT 1 FROM "DocumentChunk" WHERE "documentId" = $1`, [file.id])).not.toHaveLength(0);

    expect((await alice.json(`/api/documents/${file.id}`, undefined, "DELETE")).status).toBe(200);
    expect(await sql(stack, `SELECT 1 FROM "DocumentChunk" WHERE "documentId" = $1`, [file.id])).toHaveLength(0);
    const inConversation = await alice.json<{ documents: DocumentView[] }>(`/api/conversations/${conversationId}/documents`);
    expect(inConversation.data.documents).toEqual([]);
    const list = await alice.json<{ documents: LibraryView[] }>("/api/documents");
    expect(idsIn(list.data.documents)).not.toContain(file.id);
  }, 120_000);
});
