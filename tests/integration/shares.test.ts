// Family share links: a frozen, read-only snapshot of a conversation for signed-in members of this Hearth only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPerson, sql } from "@/testkit/accounts";
import { HearthClient } from "@/testkit/client";
import { setUpFamily, startChat } from "@/testkit/family";
import { type Stack, startStack } from "@/testkit/stack";

let stack: Stack;
let admin: HearthClient;
let alice: { id: string; client: HearthClient };
let bob: { id: string; client: HearthClient };
let kid: { id: string; client: HearthClient };

async function answered(generationId: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const [row] = await sql<{ status: string }>(stack, `SELECT status FROM "Message" WHERE id = $1`, [generationId]);
    if (row?.status === "done" || row?.status === "stopped") return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("no answer in time");
}

async function share(client: HearthClient, conversationId: string) {
  return client.json<{ share: { id: string; path: string } }>(`/api/conversations/${conversationId}/share`, {});
}

beforeAll(async () => {
  stack = await startStack({ worker: true, extraEnv: { HEARTH_MAX_OUTPUT_TOKENS: "8" } });
  ({ admin } = await setUpFamily(stack, []));
  alice = await addPerson(stack, admin, "Alice");
  bob = await addPerson(stack, admin, "Bob");
  kid = await addPerson(stack, admin, "Kid", "child");
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

describe("share links", () => {
  it("freeze the branch on screen; another member reads it, a signed-out visitor is sent to sign in; only a hash is stored", {
    timeout: 120_000,
  }, async () => {
    const { conversationId, generationId } = await startChat(alice.client, "The <b>first</b> question");
    await answered(generationId);
    const made = await share(alice.client, conversationId);
    expect(made.status).toBe(201);
    const token = made.data.share.path.replace("/share/", "");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await sql<{ tokenHash: string }>(stack, `SELECT "tokenHash" FROM "Share" WHERE id = $1`, [made.data.share.id]);
    expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.tokenHash).not.toContain(token);

    // A later message is not part of the snapshot.
    const later = await alice.client.json<{ generationId: string }>(`/api/conversations/${conversationId}/messages`, {
      content: "A later question",
    });
    await answered(later.data.generationId);

    const page = await bob.client.fetch(made.data.share.path);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("The &lt;b&gt;first&lt;/b&gt; question");
    expect(html).not.toContain("A later question");
    expect(html.match(/data-role="/g)).toHaveLength(2);

    const anonymous = await new HearthClient(stack.baseUrl).fetch(made.data.share.path);
    expect([303, 307, 308]).toContain(anonymous.status);
    expect(anonymous.headers.get("location")).toContain("/login");
  });

  it("are listed for their owner only, and a revoked link is not found", { timeout: 120_000 }, async () => {
    const { conversationId, generationId } = await startChat(alice.client, "To revoke");
    await answered(generationId);
    const made = await share(alice.client, conversationId);
    const list = await alice.client.json<{ shares: { id: string; title: string }[] }>("/api/account/shares");
    expect(list.data.shares.map((s) => s.id)).toContain(made.data.share.id);
    expect(JSON.stringify(list.data)).not.toContain(made.data.share.path);
    expect((await bob.client.json<{ shares: unknown[] }>("/api/account/shares")).data.shares).toEqual([]);

    expect((await bob.client.json(`/api/account/shares/${made.data.share.id}`, undefined, "DELETE")).status).toBe(404);
    expect((await bob.client.fetch(made.data.share.path)).status).toBe(200);
    expect((await alice.client.json(`/api/account/shares/${made.data.share.id}`, undefined, "DELETE")).status).toBe(200);
    expect((await bob.client.fetch(made.data.share.path)).status).toBe(404);
    expect((await bob.client.fetch("/share/not-a-real-token")).status).toBe(404);
  });

  it("cannot be made of someone else's conversation, and go with a deleted conversation", { timeout: 120_000 }, async () => {
    const { conversationId, generationId } = await startChat(alice.client, "Mine");
    await answered(generationId);
    expect((await share(bob.client, conversationId)).status).toBe(404);
    const made = await share(alice.client, conversationId);
    expect((await alice.client.json(`/api/conversations/${conversationId}`, undefined, "DELETE")).status).toBe(200);
    expect((await bob.client.fetch(made.data.share.path)).status).toBe(404);
  });

  it("children may share only when the admin allows it, checked on the server", { timeout: 120_000 }, async () => {
    const { conversationId, generationId } = await startChat(kid.client, "A child's question");
    await answered(generationId);
    expect((await share(kid.client, conversationId)).status).toBe(403);
    expect((await admin.json("/api/admin/settings", { sharesForChildren: true }, "PUT")).status).toBe(200);
    expect((await share(kid.client, conversationId)).status).toBe(201);
    expect((await kid.client.json("/api/admin/settings", { sharesForChildren: false }, "PUT")).status).toBe(403);
  });
});
