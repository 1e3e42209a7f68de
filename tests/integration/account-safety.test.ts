// Sign-out, sign-in limits, password checks and presets, each tried the way an attacker would, over HTTP.
// Clients connect from different loopback addresses (127.0.0.2, .3, …) to be different machines; the test
// process on 127.0.0.1 plays the reverse proxy this stack trusts (HEARTH_TRUSTED_PROXIES=127.0.0.1).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPerson, PASSWORD } from "@/testkit/accounts";
import { HearthClient } from "@/testkit/client";
import { setUpFamily } from "@/testkit/family";
import { type Stack, startStack } from "@/testkit/stack";

let stack: Stack;
let admin: HearthClient;

type Locks = { locked: { email: string; failures: number }[] };
type Sessions = { sessions: { id: string; current: boolean }[] };

beforeAll(async () => {
  stack = await startStack({ worker: false, extraEnv: { HEARTH_TRUSTED_PROXIES: "127.0.0.1" } });
  admin = (await setUpFamily(stack, [])).admin;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

/** A machine that reaches Hearth directly from `address`. */
function machine(address: string): HearthClient {
  const client = new HearthClient(stack.baseUrl);
  client.localAddress = address;
  return client;
}

/** A client behind the trusted proxy, whose real address the proxy reports as `address`. */
function behindProxy(address: string): HearthClient {
  const client = new HearthClient(stack.baseUrl);
  client.extraHeaders = { "x-forwarded-for": address };
  return client;
}

describe("sign-out", () => {
  it("ends the session on the server: a copy of the cookie is refused and the sessions list drops it", async () => {
    const member = await addPerson(stack, admin, "Leaver");
    const laptop = new HearthClient(stack.baseUrl);
    expect(await laptop.login(member.email, PASSWORD)).toBe(true);
    const laptopSession = (await laptop.json<Sessions>("/api/account/sessions")).data.sessions.find((s) => s.current);
    const copy = laptop.copy();
    expect((await copy.json("/api/conversations")).status).toBe(200);

    expect(await laptop.signOut()).toBe(200);
    const afterSignOut = (await copy.json("/api/conversations")).status;
    console.log(`[measure] a copied session cookie after sign-out: HTTP ${afterSignOut}`);
    expect(afterSignOut).toBe(401);
    const left = (await member.client.json<Sessions>("/api/account/sessions")).data.sessions.map((s) => s.id);
    expect(left).not.toContain(laptopSession?.id);
    expect(left).toHaveLength(1);
  });
});

describe("client addresses", () => {
  it("25 wrong passwords from forged X-Forwarded-For addresses do not keep the owner out", async () => {
    const home = machine("127.0.0.2");
    expect(await home.login("admin@example.com", PASSWORD)).toBe(true);
    const attacker = machine("127.0.0.3");
    const answers = [];
    for (let i = 1; i <= 25; i++) {
      attacker.extraHeaders = { "x-forwarded-for": `203.0.113.${i}` };
      answers.push((await attacker.signIn("admin@example.com", `wrong guess ${i}`)).error);
    }
    const owner = await machine("127.0.0.2").signIn("admin@example.com", PASSWORD);
    const elsewhere = await machine("127.0.0.4").signIn("admin@example.com", PASSWORD);
    console.log(`[measure] the owner's sign-in after 25 spoofed failures: ${owner.ok ? "signed in" : owner.error}`);
    expect(owner).toEqual({ ok: true, error: null });
    // The forged header was ignored: all 25 came from one address, which was slowed after 5.
    expect(answers.filter((e) => e === "CredentialsSignin")).toHaveLength(5);
    expect(answers.slice(5).every((e) => /^locked:\d+$/.test(e ?? ""))).toBe(true);
    expect(elsewhere).toEqual({ ok: true, error: null });
    // The guesser held back on his address is listed for the admin, with Unlock.
    const locks = await admin.json<Locks>("/api/admin/locks");
    expect(locks.data.locked.map((l) => l.email)).toContain("admin@example.com");
    expect((await admin.json("/api/admin/locks", { email: "admin@example.com" }, "DELETE")).status).toBe(204);
    expect((await admin.json<Locks>("/api/admin/locks")).data.locked.map((l) => l.email)).not.toContain("admin@example.com");
  });

  it("guesses from many real addresses lock the account only where it never signed in before", async () => {
    const member = await addPerson(stack, admin, "Grandpa");
    expect(await behindProxy("198.51.100.20").login(member.email, PASSWORD)).toBe(true);
    for (let i = 1; i <= 25; i++) await behindProxy(`203.0.113.${100 + i}`).signIn(member.email, `wrong guess ${i}`);

    expect(await behindProxy("198.51.100.20").signIn(member.email, PASSWORD)).toEqual({ ok: true, error: null });
    const newPlace = await behindProxy("198.51.100.21").signIn(member.email, PASSWORD);
    expect(newPlace.error).toMatch(/^locked:\d+$/);
    const locks = await admin.json<Locks>("/api/admin/locks");
    expect(locks.data.locked.map((l) => l.email)).toContain(member.email);
    expect((await admin.json("/api/admin/locks", { email: member.email }, "DELETE")).status).toBe(204);
    expect(await behindProxy("198.51.100.21").login(member.email, PASSWORD)).toBe(true);
  });

  it("a client cannot write the server's own address header either", async () => {
    const member = await addPerson(stack, admin, "Spoofer");
    const attacker = machine("127.0.0.5");
    const answers = [];
    for (let i = 1; i <= 7; i++) {
      attacker.extraHeaders = { "x-hearth-client-address": `192.0.2.${i}` };
      answers.push((await attacker.signIn(member.email, `wrong guess ${i}`)).error);
    }
    expect(answers.slice(5).every((e) => /^locked:\d+$/.test(e ?? ""))).toBe(true);
  });
});

describe("password checks", () => {
  it("an unknown email costs the same password hashing as a known one", async () => {
    const prober = machine("127.0.0.6");
    const time = async (email: string) => {
      const started = performance.now();
      await prober.signIn(email, "some password it is not");
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    await time(`warm-up-${crypto.randomUUID()}@example.com`);
    for (let i = 0; i < 4; i++) {
      known.push(await time("admin@example.com"));
      unknown.push(await time(`nobody-${crypto.randomUUID()}@example.com`));
    }
    const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
    console.log(`[measure] sign-in median: known email ${median(known).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms`);
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.6);
  });

  it("the current-password check of a password change is limited like sign-in", async () => {
    const member = await addPerson(stack, admin, "Borrowed");
    const statuses = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await member.client.json("/api/account/password", { current: `guess ${i}`, next: "a new long password" })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});

describe("presets", () => {
  it("caps how many a member keeps, also when created all at once", async () => {
    const member = await addPerson(stack, admin, "Hoarder");
    const created = await Promise.all(
      Array.from({ length: 110 }, (_, i) => member.client.json("/api/presets", { title: `p${i}`, content: "be brief" })),
    );
    expect(created.filter((r) => r.status === 201)).toHaveLength(100);
    expect(created.filter((r) => r.status === 409)).toHaveLength(10);
    const listed = await member.client.json<{ presets: unknown[] }>("/api/presets");
    expect(listed.data.presets).toHaveLength(100);
  });

  it("caps their total size", async () => {
    const member = await addPerson(stack, admin, "Writer");
    const statuses = [];
    for (let i = 0; i < 26; i++) {
      statuses.push((await member.client.json("/api/presets", { title: `p${i}`, content: "x".repeat(4000) })).status);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(24);
    expect(statuses.slice(24)).toEqual([413, 413]);
  });
});
