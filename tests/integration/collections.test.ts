// Family collections through the real worker: the admin curates them (create, rename, who may use it, files
// uploaded and indexed by the same documents jobs), a member adds one to a conversation and gets its passages
// cited with the file and the collection, and a child never reaches an adults-only collection's files.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPerson, sql } from "@/testkit/accounts";
import { type HearthClient, readEvents } from "@/testkit/client";
import { askAndWait as ask, setUpFamily, startChat } from "@/testkit/family";
import { installLongModel } from "@/testkit/models";
import { type Stack, startStack } from "@/testkit/stack";

type FileView = { id: string; name: string; status: string };
type CollectionView = { id: string; name: string; description: string; audience: "everyone" | "adults" };
type AdminCollection = CollectionView & { documents: FileView[] };

let stack: Stack;
let admin: HearthClient;
let alice: HearthClient;
let child: HearthClient;
let longModelId: string;

const PUMP = "The pool pump filter must be cleaned every fourteen days with the blue brush.";
const SAFE = "The key to the wine cellar safe hangs behind the boiler.";

/** A manual too long to give whole, so the answer gets the passages that match. */
function manual(fact: string): string {
  const topics = ["kitchen", "roof", "garage", "attic", "windows", "heating", "laundry", "fence"];
  const sections = Array.from({ length: 60 }, (_, i) => {
    const topic = topics[i % topics.length];
    return `Section ${i}: notes on the ${topic}. The ${topic} was checked in spring and everything about the ${topic} looked fine.`;
  });
  sections.splice(31, 0, fact);
  return sections.join("\n\n");
}

async function create(name: string, audience: "everyone" | "adults" = "everyone") {
  return admin.json<{ collection: CollectionView; error?: { key: string } }>("/api/admin/collections", {
    name,
    audience,
    description: `About ${name}`,
  });
}

async function upload(client: HearthClient, collectionId: string, name: string, text: string) {
  const response = await client.fetch(`/api/admin/collections/${collectionId}/documents?name=${encodeURIComponent(name)}`, {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body: text,
  });
  return { status: response.status, data: (await response.json()) as { document: FileView } };
}

/** Waits until the admin page's list shows the file ready (read and indexed by the worker). */
async function readyInCollection(collectionId: string, documentId: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const { data } = await admin.json<{ collections: AdminCollection[] }>("/api/admin/collections");
    const file = data.collections.find((c) => c.id === collectionId)?.documents.find((d) => d.id === documentId);
    if (file?.status === "ready") return;
    if (file?.status === "failed" || Date.now() > deadline) throw new Error(`collection file ${documentId} is ${file?.status}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function newConversation(client: HearthClient): Promise<string> {
  const { conversationId, generationId } = await startChat(client, "Hello there", longModelId);
  await readEvents(client, generationId);
  return conversationId;
}

beforeAll(async () => {
  stack = await startStack({ extraEnv: { HEARTH_CONTEXT_SIZE: "8192", HEARTH_MAX_OUTPUT_TOKENS: "8" } });
  const family = await setUpFamily(stack, ["Alice"]);
  admin = family.admin;
  [alice] = family.members as [HearthClient];
  child = (await addPerson(stack, admin, "Kid", "child")).client;
  longModelId = await installLongModel(stack.modelsDir, admin);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

describe("the admin's collections", () => {
  it("are created, renamed, set to adults only and deleted; a name is the family's once, whatever its case", async () => {
    const made = await create("School stuff");
    expect(made.status).toBe(201);
    const twin = await create("school STUFF");
    expect(twin.status).toBe(409);
    expect(twin.data.error?.key).toBe("collectionNameTaken");
    const id = made.data.collection.id;
    const renamed = await admin.json<{ collection: CollectionView }>(`/api/admin/collections/${id}`, { name: "School" }, "PATCH");
    expect(renamed.data.collection.name).toBe("School");
    const adults = await admin.json<{ collection: CollectionView }>(`/api/admin/collections/${id}`, { audience: "adults" }, "PATCH");
    expect(adults.data.collection.audience).toBe("adults");
    const listed = await admin.json<{ collections: AdminCollection[] }>("/api/admin/collections");
    expect(listed.data.collections.find((c) => c.id === id)).toMatchObject({ name: "School", audience: "adults", documents: [] });
    expect((await admin.json(`/api/admin/collections/${id}`, undefined, "DELETE")).status).toBe(200);
    expect((await admin.json(`/api/admin/collections/${id}`, undefined, "DELETE")).status).toBe(404);
  });

  it("are the admin's alone to make and fill: a member and a child are refused", async () => {
    const made = await create("Recipes");
    for (const other of [alice, child]) {
      expect((await other.json("/api/admin/collections", { name: "Mine" })).status).toBe(403);
      expect((await upload(other, made.data.collection.id, "x.txt", "hello")).status).toBe(403);
      expect((await other.json(`/api/admin/collections/${made.data.collection.id}`, { name: "Ours" }, "PATCH")).status).toBe(403);
    }
  });
});

describe("a collection in a conversation", () => {
  let manualsId: string;
  let manualId: string;

  it("is indexed by the worker, and a member who adds it gets its passage cited with the file and the collection", async () => {
    manualsId = (await create("House manuals")).data.collection.id;
    const sent = await upload(admin, manualsId, "pool.txt", manual(PUMP));
    expect(sent.status).toBe(201);
    manualId = sent.data.document.id;
    await readyInCollection(manualsId, manualId);
    // The collection's file is the family's, not one of the admin's own files.
    const own = await admin.json<{ documents: FileView[] }>("/api/documents");
    expect(own.data.documents.map((d) => d.id)).not.toContain(manualId);

    const usable = await alice.json<{ collections: CollectionView[] }>("/api/collections");
    expect(usable.data.collections.map((c) => c.name)).toContain("House manuals");
    const conversationId = await newConversation(alice);
    const added = await alice.json<{ collections: CollectionView[] }>(`/api/conversations/${conversationId}/collections`, {
      collectionId: manualsId,
    });
    expect(added.status).toBe(200);
    expect(added.data.collections.map((c) => c.name)).toEqual(["House manuals"]);

    const answer = await ask(alice, conversationId, "How often must the pool pump filter be cleaned?");
    expect(answer.sources?.mode).toBe("passages");
    const first = answer.sources?.sources[0];
    expect(first).toMatchObject({ number: 1, name: "pool.txt", collection: "House manuals", documentId: manualId });
    const passage = await alice.json<{ passage: { text: string; collection: string } }>(
      `/api/documents/${manualId}/chunks/${first?.chunkId}`,
    );
    expect(passage.status).toBe(200);
    expect(passage.data.passage).toMatchObject({ collection: "House manuals" });
    expect(passage.data.passage.text).toContain(PUMP);

    // Taken out of the conversation, it is no longer searched.
    expect((await alice.json(`/api/conversations/${conversationId}/collections/${manualsId}`, undefined, "DELETE")).status).toBe(200);
    expect((await ask(alice, conversationId, "How often must the pool pump filter be cleaned?")).sources).toBeNull();
  }, 300_000);

  it("goes with a new conversation's first message, and its file leaves with its deletion", async () => {
    const sent = await alice.json<{ conversationId: string; generationId: string }>("/api/conversations", {
      content: "Hello there",
      modelId: longModelId,
      collectionIds: [manualsId],
    });
    expect(sent.status).toBe(201);
    await readEvents(alice, sent.data.generationId);
    const listed = await alice.json<{ collections: CollectionView[] }>(`/api/conversations/${sent.data.conversationId}/collections`);
    expect(listed.data.collections.map((c) => c.id)).toEqual([manualsId]);

    expect((await admin.json(`/api/admin/collections/${manualsId}/documents/${manualId}`, undefined, "DELETE")).status).toBe(200);
    expect(await sql(stack, `SELECT 1 FROM "DocumentChunk" WHERE "documentId" = $1`, [manualId])).toHaveLength(0);
    expect((await ask(alice, sent.data.conversationId, "How often must the pool pump filter be cleaned?")).sources).toBeNull();
  }, 300_000);
});

describe("an adults-only collection", () => {
  it("is not found by a child: not listed, 404 on adding it, ignored in a send, its passages unreadable", async () => {
    const cellarId = (await create("Grown-ups", "adults")).data.collection.id;
    const sent = await upload(admin, cellarId, "cellar.txt", manual(SAFE));
    await readyInCollection(cellarId, sent.data.document.id);
    const [chunk] = await sql<{ id: string }>(stack, `SELECT id FROM "DocumentChunk" WHERE "documentId" = $1 LIMIT 1`, [
      sent.data.document.id,
    ]);

    const usable = await child.json<{ collections: CollectionView[] }>("/api/collections");
    expect(usable.data.collections.map((c) => c.name)).not.toContain("Grown-ups");
    const conversationId = await newConversation(child);
    const refused = await child.json<{ error: { key: string } }>(`/api/conversations/${conversationId}/collections`, {
      collectionId: cellarId,
    });
    expect(refused.status).toBe(404);
    expect(refused.data.error.key).toBe("collectionNotFound");
    expect((await child.json(`/api/documents/${sent.data.document.id}/chunks/${chunk?.id}`)).status).toBe(404);

    const smuggled = await child.json<{ conversationId: string; generationId: string }>(`/api/conversations/${conversationId}/messages`, {
      content: "Where does the key to the wine cellar safe hang?",
      collectionIds: [cellarId],
    });
    expect(smuggled.status).toBe(201);
    await readEvents(child, smuggled.data.generationId);
    expect(
      (await child.json<{ collections: CollectionView[] }>(`/api/conversations/${conversationId}/collections`)).data.collections,
    ).toEqual([]);
    const [stored] = await sql<{ sources: unknown }>(stack, `SELECT sources FROM "Message" WHERE id = $1`, [smuggled.data.generationId]);
    expect(stored?.sources).toBeNull();

    // An adult gets it; when the admin makes a collection adults-only later, a child's conversation stops using it.
    const adultChat = await newConversation(alice);
    await alice.json(`/api/conversations/${adultChat}/collections`, { collectionId: cellarId });
    const answer = await ask(alice, adultChat, "Where does the key to the wine cellar safe hang?");
    expect(answer.sources?.sources[0]?.snippet).toContain("wine cellar safe");

    const familyId = (await create("Garden", "everyone")).data.collection.id;
    const garden = await upload(admin, familyId, "garden.txt", manual(SAFE.replace("wine cellar", "garden shed")));
    await readyInCollection(familyId, garden.data.document.id);
    const childChat = await newConversation(child);
    expect((await child.json(`/api/conversations/${childChat}/collections`, { collectionId: familyId })).status).toBe(200);
    expect((await ask(child, childChat, "Where does the key to the garden shed safe hang?")).sources?.mode).toBe("passages");
    await admin.json(`/api/admin/collections/${familyId}`, { audience: "adults" }, "PATCH");
    expect((await ask(child, childChat, "Where does the key to the garden shed safe hang?")).sources).toBeNull();
  }, 400_000);
});
