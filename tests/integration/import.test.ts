// Importing conversations from ChatGPT (one file or the newer multi-file ZIP), Open WebUI and another Hearth,
// over HTTP as the account page does it: trees and the branch on screen kept, hidden system messages left out,
// broken entries listed while the rest imports, nothing added twice, limits with clear errors, and privacy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConversationView } from "@/lib/queries/conversations";
import type { ImportView } from "@/lib/queries/imports";
import type { HearthClient } from "@/testkit/client";
import {
  brokenChatGptEntries,
  chatGptConversation,
  chatGptZip,
  hearthConversation,
  hearthExport,
  openWebUiChat,
  XSS_TEXT,
  zipOf,
} from "@/testkit/exports";
import { setUpFamily } from "@/testkit/family";
import { type Stack, startStack } from "@/testkit/stack";

let stack: Stack;
let alice: HearthClient;
let bob: HearthClient;

const chinese = chatGptConversation({ id: "conv-zh", title: null, text: "你好，世界" });
const hostile = chatGptConversation({ id: "conv-xss", text: XSS_TEXT });
const chatGptEntries = [chinese, ...brokenChatGptEntries, hostile];

async function upload(client: HearthClient, name: string, body: Buffer | string | ReadableStream<Uint8Array>) {
  const response = await client.fetch(`/api/imports?name=${encodeURIComponent(name)}`, {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body: body as BodyInit,
    duplex: "half",
  } as RequestInit);
  return { status: response.status, data: (await response.json()) as { import?: ImportView; error?: { key: string; message: string } } };
}

/** Uploads and waits for the import's report. */
async function importFile(client: HearthClient, name: string, body: Buffer | string): Promise<ImportView> {
  const started = await upload(client, name, body);
  expect(started.status, JSON.stringify(started.data)).toBe(202);
  const id = started.data.import?.id as string;
  for (let i = 0; i < 300; i++) {
    const { data } = await client.json<{ import: ImportView }>(`/api/imports/${id}`);
    if (data.import.status !== "running") return data.import;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("import did not finish");
}

async function titles(client: HearthClient): Promise<string[]> {
  const { data } = await client.json<{ pinned: { title: string }[]; conversations: { title: string }[] }>("/api/conversations?limit=200");
  return [...data.pinned, ...data.conversations].map((c) => c.title).sort();
}

async function conversationTitled(client: HearthClient, title: string): Promise<ConversationView> {
  const { data } = await client.json<{ pinned: { id: string; title: string }[]; conversations: { id: string; title: string }[] }>(
    "/api/conversations?limit=200",
  );
  const link = [...data.pinned, ...data.conversations].find((c) => c.title === title);
  if (!link) throw new Error(`no conversation titled ${title}`);
  return (await client.json<{ conversation: ConversationView }>(`/api/conversations/${link.id}`)).data.conversation;
}

/** The branch on screen: from the current leaf up to the first message. */
function branch(conversation: ConversationView): string[] {
  const byId = new Map(conversation.messages.map((m) => [m.id, m]));
  const path: string[] = [];
  for (let m = byId.get(conversation.currentLeafId ?? ""); m; m = m.parentId ? byId.get(m.parentId) : undefined) path.unshift(m.content);
  return path;
}

beforeAll(async () => {
  stack = await startStack({ worker: false, extraEnv: { HEARTH_IMPORT_MAX_MB: "2", HEARTH_IMPORT_MAX_UNZIPPED_MB: "8" } });
  const family = await setUpFamily(stack, ["Alice", "Bob"]);
  [alice, bob] = family.members as [HearthClient, HearthClient];
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe("importing a ChatGPT export", () => {
  it("reads the newer ZIP of conversations-NNN.json files, listing each broken conversation while the others import", async () => {
    const report = await importFile(alice, "chatgpt-export.zip", chatGptZip(chatGptEntries, 2));
    expect(report).toMatchObject({ status: "done", format: "chatgpt", imported: 2, duplicates: 0, fileName: "chatgpt-export.zip" });
    expect(report.failures.map((f) => [f.index, f.reason])).toEqual([
      [1, "noMessages"],
      [2, "notAConversation"],
      [3, "notAConversation"],
    ]);
    expect(report.failures[0]?.title).toBe("Broken: no messages");
    expect(report.unknownModels).toEqual(["gpt-4o"]);
  });

  it("shows the branch that was on screen, keeps the other answer as a version, and leaves out hidden system messages", async () => {
    const conversation = await conversationTitled(alice, `Chat ${XSS_TEXT}`);
    expect(conversation.messages.map((m) => m.role)).not.toContain("system");
    expect(conversation.messages.some((m) => m.content.includes("You are ChatGPT"))).toBe(false);
    expect(branch(conversation)).toEqual([
      `${XSS_TEXT} question`,
      `second answer ${XSS_TEXT}`,
      "```python\nprint(1 + 1)\n```",
      "```\n2\n```",
      "[Image not imported]\n\nwhat is this?\n\n[File not imported: report.pdf]",
      "a picture",
    ]);
    const [first, second] = conversation.messages.filter((m) => m.role === "assistant" && m.content.includes("answer"));
    expect(first?.content).toBe("first answer (old version)");
    expect(first?.parentId).toBe(second?.parentId);
    // Kept as text, exactly: the page renders it inert (tests/e2e/import.spec.ts).
    expect(conversation.messages[0]?.content).toContain("<script>");
  });

  it("keeps the original times, so the conversation sits in its own date group, and names an untitled one after its question", async () => {
    const conversation = await conversationTitled(alice, "你好，世界 question");
    expect(conversation.updatedAt).toBe(new Date((1_700_000_000 + 7) * 1000).toISOString());
    expect(conversation.messages[0]?.createdAt).toBe(new Date((1_700_000_000 + 1) * 1000).toISOString());
  });

  it("adds nothing when the same conversations come again, as the ZIP or as one conversations.json", async () => {
    const before = await titles(alice);
    const again = await importFile(alice, "chatgpt-export.zip", chatGptZip(chatGptEntries, 2));
    expect(again).toMatchObject({ status: "done", imported: 0, duplicates: 2 });
    const single = await importFile(alice, "conversations.json", JSON.stringify([hostile, chinese]));
    expect(single).toMatchObject({ status: "done", imported: 0, duplicates: 2 });
    expect(await titles(alice)).toEqual(before);
  });

  it("keeps the conversations read before a point where the JSON breaks, and says where it stopped", async () => {
    const text = JSON.stringify([chatGptConversation({ id: "before-break", title: "Before the break" }), chatGptConversation()]);
    const report = await importFile(alice, "cut.json", text.slice(0, text.length - 200));
    expect(report).toMatchObject({ status: "failed", error: "importBrokenJson", imported: 1 });
    expect(await titles(alice)).toContain("Before the break");
  });
});

describe("importing from Open WebUI and from another Hearth", () => {
  it("takes Open WebUI's tree with its current message", async () => {
    const report = await importFile(alice, "chat-export.json", JSON.stringify([openWebUiChat({ id: "owui-1", text: "Bonjour" })]));
    expect(report).toMatchObject({ status: "done", format: "openwebui", imported: 1 });
    const conversation = await conversationTitled(alice, "WebUI Bonjour");
    expect(branch(conversation)).toEqual(["Bonjour from Open WebUI", "old answer"]);
    expect(conversation.messages).toHaveLength(3);
  });

  it("gives back the same tree, branch, title and settings from a Hearth export, linking a model installed here", async () => {
    const report = await importFile(
      alice,
      "hearth-export.json",
      hearthExport([hearthConversation({ id: "h-1", title: "Family recipes" })]),
    );
    expect(report).toMatchObject({ status: "done", format: "hearth", imported: 1, unknownModels: [] });
    const conversation = await conversationTitled(alice, "Family recipes");
    expect(branch(conversation)).toEqual(["你好，Hearth", "second version"]);
    expect(conversation.messages.map((m) => m.content)).toContain("first version");
    expect(conversation).toMatchObject({ systemPrompt: "Be brief.", modelName: "Tiny" });
    const { data } = await alice.json<{ pinned: { title: string }[] }>("/api/conversations");
    expect(data.pinned.map((c) => c.title)).toContain("Family recipes");
  });
});

describe("limits and refusals", () => {
  it("refuses a file over HEARTH_IMPORT_MAX_MB with a clear 413, whether or not its size is declared", async () => {
    const big = Buffer.alloc(3 * 1024 ** 2, 0x20);
    const declared = await upload(alice, "big.json", big);
    expect(declared.status).toBe(413);
    expect(declared.data.error).toMatchObject({ key: "importTooLarge" });
    expect(declared.data.error?.message).toContain("2 MB");
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 6; i++) controller.enqueue(new Uint8Array(512 * 1024).fill(0x5b));
        controller.close();
      },
    });
    const chunked = await upload(alice, "big.json", stream);
    expect(chunked.status).toBe(413);
    // The server answered before reading the whole body and dropped that connection; the client's pool may
    // hand the dropped socket to the next request once, so one request takes that reset here.
    await alice.fetch("/api/health").catch(() => {});
  });

  it("refuses a file that is not an export by its bytes, whatever its name", async () => {
    const refused = await upload(alice, "conversations.json", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]));
    expect(refused.status).toBe(400);
    expect(refused.data.error?.key).toBe("importUnknownFile");
  });

  it("refuses a ZIP bomb before unpacking it", async () => {
    const bomb = zipOf([{ name: "conversations.json", data: Buffer.alloc(20 * 1024 ** 2, 0x20) }]);
    expect(bomb.length).toBeLessThan(1024 ** 2);
    const report = await importFile(alice, "bomb.zip", bomb);
    expect(report).toMatchObject({ status: "failed", error: "importZipTooBig", imported: 0 });
  });
});

describe("privacy", () => {
  it("keeps one member's imports from every other member, who can import the same file as their own", async () => {
    const { data } = await alice.json<{ imports: ImportView[] }>("/api/imports");
    expect(data.imports.length).toBeGreaterThan(0);
    for (const own of data.imports) expect((await bob.json(`/api/imports/${own.id}`)).status).toBe(404);
    expect((await bob.json<{ imports: ImportView[] }>("/api/imports")).data.imports).toEqual([]);
    expect(await titles(bob)).toEqual([]);
    const report = await importFile(bob, "chatgpt-export.zip", chatGptZip(chatGptEntries, 2));
    expect(report).toMatchObject({ status: "done", imported: 2, duplicates: 0 });
  });
});
