// Exports over HTTP, as the browser downloads them: one conversation as Markdown (the branch on screen) or
// Hearth JSON (every branch), everything as a streamed ZIP or JSON; safe file names; only one's own.
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hearthExportSchema } from "@/lib/library/hearth-json";
import { sql } from "@/testkit/accounts";
import { HearthClient } from "@/testkit/client";
import { setUpFamily } from "@/testkit/family";
import { type Stack, startStack } from "@/testkit/stack";

let stack: Stack;
let alice: HearthClient;
let bob: HearthClient;
const BULK = 130; // more than one page of the export's keyset reads
const CHINESE_TITLE = '周末/计划 "草稿"';
const XSS_TITLE = '<img src=x onerror=alert(1)>"; filename=evil.exe';

async function userId(email: string): Promise<string> {
  const [row] = await sql<{ id: string }>(stack, `SELECT id FROM "User" WHERE email = $1`, [email]);
  if (!row) throw new Error(`no user ${email}`);
  return row.id;
}

async function conversation(id: string, owner: string, title: string, extra: { fromApi?: boolean; leaf?: string; minutesAgo: number }) {
  const [model] = await sql<{ id: string }>(stack, `SELECT id FROM "Model" WHERE name = 'Tiny'`);
  await sql(
    stack,
    `INSERT INTO "Conversation" (id, "userId", "modelId", title, "currentLeafId", "systemPrompt", sampling, "fromApi", "createdAt", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, 'Be brief.', '{"temperature":0.3}', $6, now() - $7 * interval '1 minute', now())`,
    [id, owner, model?.id, title, extra.leaf ?? null, extra.fromApi ?? false, extra.minutesAgo],
  );
}

async function message(id: string, conversationId: string, parentId: string | null, role: string, content: string, secondsIn: number) {
  await sql(
    stack,
    `INSERT INTO "Message" (id, "conversationId", "userId", "parentId", role, content, status, "modelId", "promptTokens", "outputTokens", "finishReason", "createdAt", "updatedAt", "finishedAt")
     SELECT $1, $2, c."userId", $3, $4::"MessageRole", $5, 'done', CASE WHEN $4 = 'assistant' THEN (SELECT id FROM "Model" WHERE name = 'Tiny') END,
       CASE WHEN $4 = 'assistant' THEN 12 END, CASE WHEN $4 = 'assistant' THEN 7 END, CASE WHEN $4 = 'assistant' THEN 'stop' END,
       c."createdAt" + $6 * interval '1 second', c."createdAt" + $6 * interval '1 second',
       CASE WHEN $4 = 'assistant' THEN c."createdAt" + $6 * interval '1 second' END
     FROM "Conversation" c WHERE c.id = $2`,
    [id, conversationId, parentId, role, content, secondsIn],
  );
}

beforeAll(async () => {
  stack = await startStack({ worker: false });
  [alice, bob] = (await setUpFamily(stack, ["Alice", "Bob"])).members as [HearthClient, HearthClient];
  const aliceId = await userId("alice@example.com");
  // q1 → a1 → q2 → a2 is the old branch; a1b (a regenerated answer) is on screen.
  await conversation("branchy", aliceId, "Branches", { leaf: "a1b", minutesAgo: 500 });
  await message("q1", "branchy", null, "user", "What is **bread**?", 1);
  await message("a1", "branchy", "q1", "assistant", "The first answer.", 2);
  await message("q2", "branchy", "a1", "user", "A follow-up on the old branch", 3);
  await message("a2", "branchy", "q2", "assistant", "An old-branch answer", 4);
  await message("a1b", "branchy", "q1", "assistant", "The second answer, on screen.", 5);
  await conversation("chinese", aliceId, CHINESE_TITLE, { minutesAgo: 400 });
  await message("zh1", "chinese", null, "user", "周末去公园吧", 1);
  await conversation("xss", aliceId, XSS_TITLE, { minutesAgo: 300 });
  await message("x1", "xss", null, "user", "<script>alert(1)</script>", 1);
  await conversation("xss-again", aliceId, XSS_TITLE, { minutesAgo: 299 });
  await conversation("api", aliceId, "From the API", { fromApi: true, minutesAgo: 200 });
  await sql(
    stack,
    `INSERT INTO "Conversation" (id, "userId", title, "createdAt", "updatedAt")
     SELECT 'bulk-' || n, $1, 'Bulk ' || n, now() - n * interval '1 second', now() FROM generate_series(1, $2::int) AS n`,
    [aliceId, BULK],
  );
  await conversation("bobs", await userId("bob@example.com"), "Bob's secret", { minutesAgo: 100 });
  await message("b1", "bobs", null, "user", "Bob's words", 1);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

/** The file name a browser saves: filename* (RFC 5987), decoded. */
function savedName(response: Response): string {
  const header = response.headers.get("content-disposition") ?? "";
  expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
  const encoded = header.match(/filename\*=UTF-8''([^;\s]+)/)?.[1] ?? "";
  expect(encoded).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
  return decodeURIComponent(encoded);
}

describe("exporting one conversation", () => {
  it("as Markdown shows the branch on screen only, each turn labelled, as an attachment", async () => {
    const response = await alice.fetch("/api/conversations/branchy/export?format=markdown");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(savedName(response)).toBe("Branches.md");
    const text = await response.text();
    expect(text).toMatch(/^# Branches\n/);
    expect(text).toContain("## You · ");
    expect(text).toContain("What is **bread**?");
    expect(text).toMatch(/## Tiny · \d{4}-\d\d-\d\d \d\d:\d\d UTC\n\nThe second answer, on screen\./);
    for (const gone of ["The first answer.", "A follow-up on the old branch", "An old-branch answer"]) expect(text).not.toContain(gone);
  });

  it("as Hearth JSON holds every branch with parent links, parents first, settings and model names", async () => {
    const response = await alice.fetch("/api/conversations/branchy/export?format=json");
    expect(response.status).toBe(200);
    expect(savedName(response)).toBe("Branches.json");
    const file = hearthExportSchema.parse(await response.json());
    expect(file.conversations).toHaveLength(1);
    const [exported] = file.conversations;
    expect(exported).toMatchObject({
      id: "branchy",
      title: "Branches",
      systemPrompt: "Be brief.",
      sampling: { temperature: 0.3 },
      model: "Tiny",
      currentMessageId: "a1b",
      archived: false,
    });
    const messages = exported?.messages ?? [];
    expect(new Map(messages.map((m) => [m.id, m.parentId]))).toEqual(
      new Map([
        ["q1", null],
        ["a1", "q1"],
        ["q2", "a1"],
        ["a2", "q2"],
        ["a1b", "q1"],
      ]),
    );
    const position = new Map(messages.map((m, i) => [m.id, i]));
    for (const m of messages) if (m.parentId) expect(position.get(m.parentId)).toBeLessThan(position.get(m.id) as number);
    expect(messages.find((m) => m.id === "a1b")).toMatchObject({
      role: "assistant",
      model: "Tiny",
      status: "done",
      outputTokens: 7,
      finishReason: "stop",
    });
    expect(messages.find((m) => m.id === "q1")).toMatchObject({ role: "user", model: null });
  });

  it("names the file safely from a Chinese or hostile title", async () => {
    const chinese = await alice.fetch("/api/conversations/chinese/export?format=markdown");
    expect(savedName(chinese)).toBe("周末 计划 草稿.md");
    const hostile = await alice.fetch("/api/conversations/xss/export?format=markdown");
    const name = savedName(hostile);
    expect(name).toBe("img src=x onerror=alert(1) ; filename=evil.exe.md");
    // Nothing of the title breaks out of its parameter: still exactly filename and filename*.
    expect(hostile.headers.get("content-disposition")?.split(";")).toHaveLength(3);
    const text = await hostile.text();
    expect(text.split("\n")[0]).toBe('# &lt;img src=x onerror=alert\\(1\\)&gt;"; filename=evil\\.exe');
  });

  it("is a 404 for another member's conversation, a 400 for an unknown format, and a 401 without a session", async () => {
    expect((await bob.fetch("/api/conversations/branchy/export?format=markdown")).status).toBe(404);
    expect((await bob.fetch("/api/conversations/branchy/export?format=json")).status).toBe(404);
    expect((await alice.fetch("/api/conversations/no-such/export?format=json")).status).toBe(404);
    expect((await alice.fetch("/api/conversations/branchy/export?format=html")).status).toBe(400);
    const anonymous = new HearthClient(stack.baseUrl);
    expect((await anonymous.fetch("/api/conversations/branchy/export?format=markdown")).status).toBe(401);
    expect((await anonymous.fetch("/api/account/export?format=zip")).status).toBe(401);
  });
});

describe("exporting everything", () => {
  const ALICE_COUNT = 5 + BULK;

  it("as a ZIP holds conversations.json (every conversation, API ones too) and a uniquely named Markdown file each", async () => {
    const response = await alice.fetch("/api/account/export?format=zip");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(savedName(response)).toMatch(/^hearth-export-\d{4}-\d\d-\d\d\.zip$/);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const json = hearthExportSchema.parse(JSON.parse(new TextDecoder().decode(files["conversations.json"])));
    const ids = json.conversations.map((c) => c.id);
    expect(ids).toHaveLength(ALICE_COUNT);
    expect(new Set(ids).size).toBe(ALICE_COUNT);
    expect(ids).toContain("api");
    expect(ids).not.toContain("bobs");
    expect(json.conversations.find((c) => c.id === "branchy")?.messages).toHaveLength(5);
    const markdown = Object.keys(files).filter((name) => name.startsWith("markdown/"));
    expect(markdown).toHaveLength(ALICE_COUNT);
    expect(markdown).toContain("markdown/周末 计划 草稿.md");
    expect(markdown).toContain("markdown/img src=x onerror=alert(1) ; filename=evil.exe.md");
    expect(markdown).toContain("markdown/img src=x onerror=alert(1) ; filename=evil.exe (2).md");
    for (const name of markdown) expect(name).toMatch(/^markdown\/[^/\\:*?"<>|\p{Cc}]+\.md$/u);
    const branchy = new TextDecoder().decode(files["markdown/Branches.md"]);
    expect(branchy).toContain("The second answer, on screen.");
    expect(branchy).not.toContain("The first answer.");
  });

  it("as Hearth JSON streams every conversation once, and another member's export holds only theirs", async () => {
    const response = await alice.fetch("/api/account/export?format=json");
    expect(response.status).toBe(200);
    expect(savedName(response)).toMatch(/^hearth-export-\d{4}-\d\d-\d\d\.json$/);
    const file = hearthExportSchema.parse(await response.json());
    expect(new Set(file.conversations.map((c) => c.id)).size).toBe(ALICE_COUNT);
    const bobs = hearthExportSchema.parse(await (await bob.fetch("/api/account/export?format=json")).json());
    expect(bobs.conversations.map((c) => c.id)).toEqual(["bobs"]);
  });
});
