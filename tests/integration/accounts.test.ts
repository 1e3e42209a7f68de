// A family's accounts over HTTP: invites, open sign-up, what an admin can change (never the last admin
// away), sessions that end at once, and an admin who cannot read anyone's conversations.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPerson, PASSWORD, sql } from "@/testkit/accounts";
import { HearthClient } from "@/testkit/client";
import { setUpFamily, startChat } from "@/testkit/family";
import { randomMarker } from "@/testkit/markers";
import { installSlowModel } from "@/testkit/models";
import { type Stack, startStack } from "@/testkit/stack";

let stack: Stack;
let admin: HearthClient;

beforeAll(async () => {
  stack = await startStack({ worker: true });
  ({ admin } = await setUpFamily(stack, []));
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

type Invite = { invite: { id: string }; path: string };

async function makeInvite(role = "member") {
  const made = await admin.json<Invite>("/api/admin/invites", { role, hours: 24 });
  expect(made.status).toBe(201);
  return { id: made.data.invite.id, token: made.data.path.replace("/invite/", "") };
}

describe("invites", () => {
  it("creates an account for the invited role, once, from a token stored only as its hash", async () => {
    const { id, token } = await makeInvite("child");
    const [row] = await sql<{ tokenHash: string }>(stack, `SELECT "tokenHash" FROM "Invite" WHERE id = $1`, [id]);
    expect(row?.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(await sql(stack, `SELECT * FROM "Invite"`))).not.toContain(token);

    const page = await new HearthClient(stack.baseUrl).fetch(`/invite/${token}`);
    expect(await page.text()).toContain("Create my account");

    const guest = new HearthClient(stack.baseUrl);
    const account = { token, name: "Kid", email: "kid-invite@example.com", password: PASSWORD };
    const accepted = await guest.json<{ user: { role: string } }>("/api/invites/accept", account);
    expect(accepted.status).toBe(201);
    expect(accepted.data.user.role).toBe("child");
    expect(await guest.login(account.email, PASSWORD)).toBe(true);
    expect((await startChat(guest, "hello from an invite")).generationId).toBeTruthy();

    const again = await new HearthClient(stack.baseUrl).json("/api/invites/accept", { ...account, email: "kid2@example.com" });
    expect(again.status).toBe(404);
    expect(await (await new HearthClient(stack.baseUrl).fetch(`/invite/${token}`)).text()).toContain("expired or was already used");
  });

  it("refuses an expired invite and an unknown token", async () => {
    const { id, token } = await makeInvite();
    await sql(stack, `UPDATE "Invite" SET "expiresAt" = now() - interval '1 minute' WHERE id = $1`, [id]);
    const account = { name: "Late", email: "late@example.com", password: PASSWORD };
    expect((await new HearthClient(stack.baseUrl).json("/api/invites/accept", { ...account, token })).status).toBe(404);
    const unknown = await new HearthClient(stack.baseUrl).json("/api/invites/accept", { ...account, token: "x".repeat(43) });
    expect(unknown.status).toBe(404);
  });

  it("gives one account when two people use one link at once", async () => {
    const { token } = await makeInvite();
    const results = await Promise.all(
      ["a", "b", "c"].map((n) =>
        new HearthClient(stack.baseUrl).json("/api/invites/accept", { token, name: n, email: `race-${n}@example.com`, password: PASSWORD }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 404, 404]);
  });

  it("lets only an admin make, list or revoke invites", async () => {
    const member = await addPerson(stack, admin, "Nosy");
    expect((await member.client.json("/api/admin/invites", { role: "admin" })).status).toBe(403);
    expect((await member.client.json("/api/admin/invites")).status).toBe(403);
    expect((await new HearthClient(stack.baseUrl).json("/api/admin/invites", { role: "admin" })).status).toBe(401);
    const { id, token } = await makeInvite();
    expect((await admin.json(`/api/admin/invites/${id}`, undefined, "DELETE")).status).toBe(204);
    const used = await new HearthClient(stack.baseUrl).json("/api/invites/accept", {
      token,
      name: "Revoked",
      email: "revoked@example.com",
      password: PASSWORD,
    });
    expect(used.status).toBe(404);
  });

  it("builds the link on the public address, says when only the server can open it, and keeps a note", async () => {
    const made = await admin.json<Invite & { url: string; loopback: boolean }>("/api/admin/invites", {
      role: "member",
      hours: 24,
      note: "  for Grandpa  ",
    });
    expect(made.status).toBe(201);
    // The stack's NEXTAUTH_URL is its own loopback address: a phone could not open this link.
    expect(made.data.url).toBe(`${stack.env.NEXTAUTH_URL}${made.data.path}`);
    expect(made.data.loopback).toBe(true);
    const list = await admin.json<{ invites: { id: string; note: string | null }[] }>("/api/admin/invites");
    expect(list.data.invites.find((i) => i.id === made.data.invite.id)?.note).toBe("for Grandpa");
    const long = await admin.json<{ error: { key: string } }>("/api/admin/invites", { role: "member", note: "x".repeat(81) });
    expect(long.status).toBe(400);
    expect(long.data.error.key).toBe("inviteNoteTooLong");
  });
});

describe("open sign-up", () => {
  it("is closed by default; once opened, new accounts wait for approval", async () => {
    const person = { name: "Stranger", email: "stranger@example.com", password: PASSWORD };
    expect((await new HearthClient(stack.baseUrl).json("/api/signup", person)).status).toBe(403);
    expect((await admin.json("/api/admin/settings", { openSignUp: true }, "PUT")).status).toBe(200);
    const asked = await new HearthClient(stack.baseUrl).json<{ user: { id: string; status: string } }>("/api/signup", person);
    expect(asked.status).toBe(201);
    expect(asked.data.user.status).toBe("pending");
    const waiting = await new HearthClient(stack.baseUrl).signIn(person.email, PASSWORD);
    expect(waiting).toMatchObject({ ok: false, error: "pending" });
    expect((await admin.json(`/api/admin/users/${asked.data.user.id}`, { status: "active" }, "PATCH")).status).toBe(200);
    expect(await new HearthClient(stack.baseUrl).login(person.email, PASSWORD)).toBe(true);
    await admin.json("/api/admin/settings", { openSignUp: false }, "PUT");
  });
});

describe("admin changes", () => {
  it("always keeps one active admin, also when two admins demote each other at once", async () => {
    const [me] = await sql<{ id: string }>(stack, `SELECT id FROM "User" WHERE email = 'admin@example.com'`);
    const self = me?.id ?? "";
    expect((await admin.json(`/api/admin/users/${self}`, { role: "member" }, "PATCH")).status).toBe(409);
    expect((await admin.json(`/api/admin/users/${self}`, { status: "disabled" }, "PATCH")).status).toBe(409);
    expect((await admin.json(`/api/admin/users/${self}`, { confirmEmail: "admin@example.com" }, "DELETE")).status).toBe(409);

    const second = await addPerson(stack, admin, "Second", "admin");
    const results = await Promise.all([
      admin.json(`/api/admin/users/${second.id}`, { role: "member" }, "PATCH"),
      second.client.json(`/api/admin/users/${self}`, { role: "member" }, "PATCH"),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409].sort());
    const [{ count } = { count: "0" }] = await sql<{ count: string }>(
      stack,
      `SELECT count(*) FROM "User" WHERE role = 'admin' AND status = 'active'`,
    );
    expect(Number(count)).toBe(1);
    // Put things back: the first admin is admin again (whichever demotion won).
    await sql(stack, `UPDATE "User" SET role = 'admin' WHERE id = $1`, [self]);
  });

  it("disabling signs a member out at the next request; enabling lets them sign in again", async () => {
    const member = await addPerson(stack, admin, "Dana");
    expect((await member.client.json("/api/conversations")).status).toBe(200);
    expect((await admin.json(`/api/admin/users/${member.id}`, { status: "disabled" }, "PATCH")).status).toBe(200);
    expect((await member.client.json("/api/conversations")).status).toBe(401);
    // With the right password they learn the account is disabled (the form says to ask the admin); a wrong one
    // still tells nothing.
    expect(await new HearthClient(stack.baseUrl).signIn(member.email, PASSWORD)).toEqual({ ok: false, error: "disabled" });
    expect((await new HearthClient(stack.baseUrl).signIn(member.email, "not the password at all")).error).toBe("CredentialsSignin");
    expect((await admin.json(`/api/admin/users/${member.id}`, { status: "active" }, "PATCH")).status).toBe(200);
    expect((await member.client.json("/api/conversations")).status).toBe(401); // that session stays ended
    expect(await new HearthClient(stack.baseUrl).login(member.email, PASSWORD)).toBe(true);
  });

  it("disabling ends an answer stream that is open", async () => {
    const slow = await installSlowModel(stack.modelsDir, admin);
    const member = await addPerson(stack, admin, "Streamer");
    const { generationId: messageId } = await startChat(member.client, "Tell me a long story", slow);
    const response = await member.client.fetch(`/api/generations/${messageId}/events`, { headers: { accept: "text/event-stream" } });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    if (!reader) throw new Error("no body");
    await reader.read();
    const disabledAt = Date.now();
    await admin.json(`/api/admin/users/${member.id}`, { status: "disabled" }, "PATCH");
    let text = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(Date.now() - disabledAt).toBeLessThan(10_000);
    expect(text).not.toMatch(/"type":"(done|stopped|failed)"/);
    // Free the worker for the next tests: the member, enabled again, stops the answer.
    await admin.json(`/api/admin/users/${member.id}`, { status: "active" }, "PATCH");
    const back = new HearthClient(stack.baseUrl);
    expect(await back.login(member.email, PASSWORD)).toBe(true);
    expect((await back.json(`/api/generations/${messageId}/stop`, {})).status).toBe(200);
  });

  it("deletes an account with its data only after its email is typed", async () => {
    const member = await addPerson(stack, admin, "Gone");
    const { conversationId } = await startChat(member.client, "soon deleted");
    expect((await admin.json(`/api/admin/users/${member.id}`, { confirmEmail: "wrong@example.com" }, "DELETE")).status).toBe(400);
    expect((await admin.json(`/api/admin/users/${member.id}`, { confirmEmail: member.email }, "DELETE")).status).toBe(204);
    expect(await sql(stack, `SELECT id FROM "Conversation" WHERE id = $1`, [conversationId])).toEqual([]);
    expect((await member.client.json("/api/conversations")).status).toBe(401);
  });

  it("a reset password ends the member's sessions and must be changed at the next sign-in", async () => {
    const member = await addPerson(stack, admin, "Reset");
    expect((await admin.json(`/api/admin/users/${member.id}/password`, { password: "temporary password" })).status).toBe(204);
    expect((await member.client.json("/api/conversations")).status).toBe(401);
    const again = new HearthClient(stack.baseUrl);
    expect(await again.login(member.email, "temporary password")).toBe(true);
    expect((await again.json("/api/conversations")).status).toBe(403);
    const page = await again.fetch("/");
    expect(page.headers.get("location")).toMatch(/\/account$/);
    expect((await again.json("/api/account/password", { current: "temporary password", next: "my very own password" })).status).toBe(204);
    expect((await again.json("/api/conversations")).status).toBe(200);
  });

  it("the admin sees a locked sign-in and can lift it", async () => {
    const member = await addPerson(stack, admin, "Locked");
    // Guesses from several addresses spend the account's own budget: then even the right password is refused.
    for (let address = 1; address <= 5; address++) {
      const guesser = new HearthClient(stack.baseUrl);
      guesser.localAddress = `127.0.113.${address}`;
      for (let i = 0; i < 5; i++) await guesser.signIn(member.email, `wrong guess ${i}`);
    }
    const refused = new HearthClient(stack.baseUrl);
    refused.localAddress = "127.51.100.7";
    expect(await refused.signIn(member.email, PASSWORD)).toMatchObject({ ok: false, error: expect.stringMatching(/^locked:\d+$/) });
    const locks = await admin.json<{ locked: { email: string }[] }>("/api/admin/locks");
    expect(locks.data.locked.map((l) => l.email)).toContain(member.email);
    expect((await member.client.json("/api/admin/locks")).status).toBe(403);
    expect((await admin.json("/api/admin/locks", { email: member.email }, "DELETE")).status).toBe(204);
    expect(await new HearthClient(stack.baseUrl).login(member.email, PASSWORD)).toBe(true);
  });
});

describe("own account", () => {
  it("changes name and language; refuses a language Hearth does not have", async () => {
    const member = await addPerson(stack, admin, "Lang");
    const changed = await member.client.json<{ user: { name: string; locale: string } }>(
      "/api/account",
      { name: "Lang Li", locale: "zh-CN" },
      "PATCH",
    );
    expect(changed.data.user).toMatchObject({ name: "Lang Li", locale: "zh-CN" });
    expect((await member.client.json("/api/account", { locale: "xx" }, "PATCH")).status).toBe(400);
  });

  it("lists sessions, ends one, and a password change ends all the others", async () => {
    const member = await addPerson(stack, admin, "Multi");
    const phone = new HearthClient(stack.baseUrl);
    const tablet = new HearthClient(stack.baseUrl);
    expect(await phone.login(member.email, PASSWORD)).toBe(true);
    expect(await tablet.login(member.email, PASSWORD)).toBe(true);
    const listed = await member.client.json<{ sessions: { id: string; current: boolean }[] }>("/api/account/sessions");
    expect(listed.data.sessions).toHaveLength(3);
    expect(listed.data.sessions.filter((s) => s.current)).toHaveLength(1);

    const phoneSession = (await phone.json<{ sessions: { id: string; current: boolean }[] }>("/api/account/sessions")).data.sessions.find(
      (s) => s.current,
    );
    expect((await member.client.json(`/api/account/sessions/${phoneSession?.id}`, undefined, "DELETE")).status).toBe(204);
    expect((await phone.json("/api/conversations")).status).toBe(401);
    // Someone else's session id is not found.
    expect((await admin.json(`/api/account/sessions/${listed.data.sessions[0]?.id}`, undefined, "DELETE")).status).toBe(404);

    expect((await member.client.json("/api/account/password", { current: "not it", next: "a new long password" })).status).toBe(400);
    expect((await member.client.json("/api/account/password", { current: PASSWORD, next: "a new long password" })).status).toBe(204);
    expect((await tablet.json("/api/conversations")).status).toBe(401);
    expect((await member.client.json("/api/conversations")).status).toBe(200);
  });
});

describe("privacy", () => {
  it("an admin cannot read, continue, follow, stop or delete a member's conversation", async () => {
    const member = await addPerson(stack, admin, "Private");
    const secret = `my secret diary entry ${randomMarker()}`;
    const { conversationId, generationId: messageId } = await startChat(member.client, secret);
    expect((await member.client.json(`/api/conversations/${conversationId}`)).status).toBe(200);

    expect((await admin.json(`/api/conversations/${conversationId}`)).status).toBe(404);
    const page = await admin.fetch(`/c/${conversationId}`);
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain(secret);
    expect((await admin.json(`/api/conversations/${conversationId}/messages`, { content: "hi" })).status).toBe(404);
    expect((await admin.fetch(`/api/generations/${messageId}/events`)).status).toBe(404);
    expect((await admin.json(`/api/generations/${messageId}/stop`, {})).status).toBe(404);
    expect((await admin.json(`/api/conversations/${conversationId}`, undefined, "DELETE")).status).toBe(404);
    expect(JSON.stringify((await admin.json("/api/conversations")).data)).not.toContain(secret);
  });

  it("usage figures are counts, never text", async () => {
    const member = await addPerson(stack, admin, "Counted");
    const marker = randomMarker();
    await startChat(member.client, `words nobody else should read ${marker}`);
    const usage = await admin.json<{ usage: { userId: string; messages: number }[] }>("/api/admin/usage?days=7");
    expect(usage.data.usage.find((u) => u.userId === member.id)?.messages).toBe(1);
    expect(JSON.stringify(usage.data)).not.toContain(marker);
    const response = await admin.fetch("/admin");
    expect(response.status).toBe(200);
    const adminPage = await response.text();
    expect(adminPage).toContain('id="usage-heading"');
    expect(adminPage).toContain("Tokens per day for Counted");
    expect(adminPage).not.toContain(marker);
    expect((await member.client.json("/api/admin/usage")).status).toBe(403);
  });
});
