// Pulling a model from the Hub (a local stand-in) through the admin API: a durable job on the worker that
// resumes after a crash, checks the SHA-256 and free disk, and never contacts private addresses.
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createTranslator } from "use-intl/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogues } from "@/lib/i18n/catalogues";
import type { ErrorKey } from "@/lib/i18n/config";
import { decodeFailure } from "@/lib/i18n/failure";
import { answerText, HearthClient, readEvents } from "@/testkit/client";
import { type FakeHuggingFace, startFakeHuggingFace } from "@/testkit/fake-huggingface";
import { startChat } from "@/testkit/family";
import { type Stack, startStack } from "@/testkit/stack";
import { scriptedModelSpec } from "@/tools/gguf/scripted-model";
import { writeSplitGguf } from "@/tools/gguf/split";
import { makeTinyGguf } from "@/tools/gguf/tiny-model";

type Pull = {
  id: string;
  file: string;
  status: string;
  totalBytes: number;
  downloadedBytes: number;
  error: string | null;
  modelId: string | null;
};

let stack: Stack;
let hub: FakeHuggingFace;
let other: FakeHuggingFace;
let admin: HearthClient;
let source: string;
let scratch: string;
const REPO = "acme/Tiny-Chat-GGUF";
const tEnglish = createTranslator({ locale: "en", messages: catalogues.en, namespace: "errors" });

/** A pull's stored reason (a catalogue key and values) as the admin page shows it in English. */
function english(stored: string | null): string {
  const failure = decodeFailure(stored ?? "");
  expect(failure, String(stored)).not.toBeNull();
  return tEnglish(failure?.key as ErrorKey, failure?.values);
}
const FILE = "tiny-chat-q8_0.gguf";

async function pullState(id: string): Promise<Pull> {
  const { data } = await admin.json<{ pulls: Pull[] }>("/api/admin/pulls");
  const pull = data.pulls.find((p) => p.id === id);
  if (!pull) throw new Error(`pull ${id} not listed`);
  return pull;
}

async function waitForPull(id: string, done: (p: Pull) => boolean, timeoutMs = 60_000): Promise<Pull> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pull = await pullState(id);
    if (done(pull)) return pull;
    if (Date.now() > deadline) throw new Error(`pull stuck: ${JSON.stringify(pull)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function startPull(repo: string, file: string) {
  return admin.json<{ pull: Pull; error?: { message: string } }>("/api/admin/pulls", { repo, file });
}

beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-pull-"));
  source = path.join(scratch, FILE);
  // ≈ 31 MB: six of the downloader's 5 MB chunks (three fetched at a time), so a resumed download visibly
  // starts past the chunks it already has.
  await makeTinyGguf({ out: source, layers: 4, embd: 768, ff: 2048, vocab: 2048, ctx: 1024, type: "q8_0" });
  hub = await startFakeHuggingFace({ bytesPerSecond: 2_000_000 });
  other = await startFakeHuggingFace();
  await hub.addFile(REPO, FILE, source);
  stack = await startStack({ extraEnv: { HF_ENDPOINT: hub.url } });
  admin = new HearthClient(stack.baseUrl);
  const password = "a long enough password";
  await admin.json("/api/signup", { name: "Admin", email: "admin@example.com", password });
  if (!(await admin.login("admin@example.com", password))) throw new Error("admin login failed");
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await hub?.close();
  await other?.close();
  await fs.rm(scratch, { recursive: true, force: true });
});

describe("pulling a model from the Hub", { timeout: 120_000 }, () => {
  it("tells a member whom to ask while no model is installed", async () => {
    const member = { name: "Mo", email: "mo@example.com", password: "another long secret", role: "member" };
    expect((await admin.json("/api/admin/users", member)).status).toBe(201);
    const client = new HearthClient(stack.baseUrl);
    expect(await client.login(member.email, member.password)).toBe(true);
    const page = await (await client.fetch("/")).text();
    expect(page).toContain("No model yet. Ask Admin to add one.");
    // The admin is led to the recommended models instead.
    expect(await (await admin.fetch("/")).text()).toContain("Choose a model to get started");
  });

  it("says in the admin's language why a recommended model could not be checked", async () => {
    type Recommended = { models: { repo: string; fit: unknown; fitNote: string | null }[] };
    // The fake Hugging Face has none of the catalogue's repositories.
    const english = await admin.json<Recommended>("/api/admin/models/recommended");
    const entry = english.data.models[0];
    expect(entry?.fit).toBeNull();
    expect(entry?.fitNote).toBe(`Could not check it: The Hub has no public repository ${entry?.repo}.`);
    const response = await admin.fetch("/api/admin/models/recommended", { headers: { "accept-language": "zh-CN" } });
    const chinese = (await response.json()) as Recommended;
    expect(chinese.models[0]?.fitNote).toBe(`无法检查：Hub 上没有名为 ${entry?.repo} 的公开仓库。`);
  });

  it("lists a pasted repository's GGUF files with sizes and quantization", async () => {
    const { status, data } = await admin.json<{ files: { path: string; sizeBytes: number; quantization: string }[] }>(
      `/api/admin/models/hub?source=${encodeURIComponent(`https://huggingface.co/${REPO}`)}`,
    );
    expect(status).toBe(200);
    expect(data.files).toEqual([
      { path: FILE, sizeBytes: (await fs.stat(source)).size, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), quantization: "Q8_0" },
    ]);
  });

  it("downloads on the worker with progress, resumes after the worker is killed, verifies, and the model answers", async () => {
    const started = await startPull(REPO, FILE);
    expect(started.status).toBe(201);
    const id = started.data.pull.id;
    // Two thirds done: the partial file holds the whole 5 MB chunks fetched so far.
    const midway = await waitForPull(id, (p) => p.downloadedBytes > 22_000_000);
    expect(midway.status).toBe("downloading");
    expect(midway.downloadedBytes).toBeLessThan(midway.totalBytes);
    await stack.stopWorker("SIGKILL");
    const sentBefore = hub.bytesSent();
    await stack.startWorker();
    const done = await waitForPull(id, (p) => p.status === "done" || p.status === "failed", 90_000);
    expect(done).toMatchObject({ status: "done", error: null });
    // The restarted worker fetched only what was missing (the downloader keeps whole 5 MB chunks), not the file again.
    const size = (await fs.stat(source)).size;
    expect(hub.bytesSent() - sentBefore).toBeLessThan(size - 5 * 1024 * 1024);
    const installed = path.join(stack.modelsDir, "hub", "acme", "Tiny-Chat-GGUF", FILE);
    expect(Buffer.compare(await fs.readFile(installed), await fs.readFile(source))).toBe(0);
    await expect(fs.readdir(path.join(stack.modelsDir, ".pulls"))).resolves.toEqual([]);
    const { generationId: messageId } = await startChat(admin, "Hello there", done.modelId ?? undefined);
    const events = await readEvents(admin, messageId);
    expect(events.at(-1)?.data.type).toBe("done");
    expect(answerText(events).length).toBeGreaterThan(0);
  });

  it("cancels a download, keeping what it has, and resumes it", async () => {
    hub.setSpeed(500_000);
    await hub.addFile("acme/Second-GGUF", "second-q8_0.gguf", source);
    const id = (await startPull("acme/Second-GGUF", "second-q8_0.gguf")).data.pull.id;
    await waitForPull(id, (p) => p.downloadedBytes > 0);
    expect((await admin.json(`/api/admin/pulls/${id}/cancel`, {})).status).toBe(200);
    const cancelled = await waitForPull(id, (p) => p.status === "cancelled");
    const servedBefore = hub.ranges().length;
    await new Promise((r) => setTimeout(r, 1500));
    // Stopped: nothing more was asked of the Hub.
    expect(hub.ranges().length).toBe(servedBefore);
    expect(cancelled.modelId).toBeNull();
    hub.setSpeed(0);
    expect((await admin.json(`/api/admin/pulls/${id}/resume`, {})).status).toBe(200);
    expect(await waitForPull(id, (p) => p.status === "done" || p.status === "failed")).toMatchObject({ status: "done" });
  });

  it("finishes a download resumed right after its cancel, while the worker is still stopping it", async () => {
    hub.setSpeed(2_000_000);
    await hub.addFile("acme/Quick-GGUF", "quick.gguf", source);
    const id = (await startPull("acme/Quick-GGUF", "quick.gguf")).data.pull.id;
    await waitForPull(id, (p) => p.downloadedBytes > 0);
    expect((await admin.json(`/api/admin/pulls/${id}/cancel`, {})).status).toBe(200);
    expect((await admin.json(`/api/admin/pulls/${id}/resume`, {})).status).toBe(200);
    hub.setSpeed(0);
    expect(await waitForPull(id, (p) => p.status === "done" || p.status === "failed")).toMatchObject({ status: "done" });
  });

  it("discards a cancelled download and a running one, deleting their partial files, never offered as models", async () => {
    hub.setSpeed(3_000_000);
    await hub.addFile("acme/Discard-GGUF", "discard.gguf", source);
    await hub.addFile("acme/Drop-GGUF", "drop.gguf", source);
    const cancelledId = (await startPull("acme/Discard-GGUF", "discard.gguf")).data.pull.id;
    // Past the first three 5 MB chunks (fetched side by side, each written whole once it has arrived).
    await waitForPull(cancelledId, (p) => p.downloadedBytes > 17_000_000);
    expect((await admin.json(`/api/admin/pulls/${cancelledId}/cancel`, {})).status).toBe(200);
    await waitForPull(cancelledId, (p) => p.status === "cancelled");
    const kept = path.join(stack.modelsDir, ".pulls", cancelledId);
    // Cancel keeps the bytes for Resume, but they are nowhere offered as a model.
    expect((await fs.readdir(kept)).length).toBeGreaterThan(0);
    const files = await admin.json<{ files: { path: string }[] }>("/api/admin/models/files");
    expect(files.data.files.map((f) => f.path).filter((p) => p.includes("discard") || p.startsWith("."))).toEqual([]);
    const models = await admin.json<{ models: { filePath: string }[] }>("/api/admin/models");
    expect(models.data.models.map((m) => m.filePath).filter((p) => p.includes("Discard"))).toEqual([]);

    expect((await admin.fetch(`/api/admin/pulls/${cancelledId}`, { method: "DELETE" })).status).toBe(200);
    await waitUntil(async () => !(await exists(kept)));
    const { data } = await admin.json<{ pulls: Pull[] }>("/api/admin/pulls");
    expect(data.pulls.map((p) => p.id)).not.toContain(cancelledId);

    // Discarding a running download stops it and deletes what it had.
    const runningId = (await startPull("acme/Drop-GGUF", "drop.gguf")).data.pull.id;
    await waitForPull(runningId, (p) => p.downloadedBytes > 0);
    expect((await admin.fetch(`/api/admin/pulls/${runningId}`, { method: "DELETE" })).status).toBe(200);
    await waitUntil(async () => !(await exists(path.join(stack.modelsDir, ".pulls", runningId))));
    const asked = hub.ranges().length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(hub.ranges().length).toBe(asked);
    await expect(fs.stat(path.join(stack.modelsDir, "hub", "acme", "Drop-GGUF"))).rejects.toThrow();
    hub.setSpeed(0);
  });

  it("pulls a model split in three parts, checks every part, registers it by its first part, and it answers", async () => {
    const script = "Pulled in three parts and answering whole.";
    const parts = await writeSplitGguf(path.join(scratch, "split", "Split-Q8_0"), scriptedModelSpec({ script, ctx: 512 }), 3);
    for (const part of parts) await hub.addFile("acme/Split-GGUF", path.basename(part), part);
    // Any part names the model; the pull fetches all three.
    const started = await startPull("acme/Split-GGUF", "Split-Q8_0-00002-of-00003.gguf");
    expect(started.status).toBe(201);
    expect(started.data.pull.file).toBe("Split-Q8_0-00001-of-00003.gguf");
    const sizes = await Promise.all(parts.map(async (p) => (await fs.stat(p)).size));
    expect(started.data.pull.totalBytes).toBe(sizes.reduce((a, b) => a + b));
    const done = await waitForPull(started.data.pull.id, (p) => p.status === "done" || p.status === "failed");
    expect(done).toMatchObject({ status: "done", error: null });
    for (const part of parts) {
      const installed = path.join(stack.modelsDir, "hub", "acme", "Split-GGUF", path.basename(part));
      expect(Buffer.compare(await fs.readFile(installed), await fs.readFile(part)), part).toBe(0);
    }
    const { data } = await admin.json<{ models: { id: string; filePath: string; sizeBytes: number }[] }>("/api/admin/models");
    expect(data.models.find((m) => m.id === done.modelId)).toMatchObject({
      filePath: path.join("hub", "acme", "Split-GGUF", "Split-Q8_0-00001-of-00003.gguf"),
      sizeBytes: sizes.reduce((a, b) => a + b),
    });
    const { generationId } = await startChat(admin, "Hello there", done.modelId ?? undefined);
    const events = await readEvents(admin, generationId);
    expect(events.at(-1)?.data.type).toBe("done");
    expect(answerText(events)).toBe(script);
  });

  it("pulls each part of a split model from where the Hub redirects it, as the real Hub does to its CDN", async () => {
    const script = "Every part came by way of the CDN.";
    const parts = await writeSplitGguf(path.join(scratch, "cdn", "Cdn"), scriptedModelSpec({ script, ctx: 512 }), 2);
    for (const [i, part] of parts.entries()) {
      await hub.addFile("acme/Cdn-GGUF", path.basename(part), part);
      // The CDN's address carries a content id, not the part's name.
      await hub.addFile("cdn/blobs", `blob-${i}.gguf`, part);
      hub.redirect(`/acme/Cdn-GGUF/resolve/main/${path.basename(part)}`, `${hub.url}/cdn/blobs/resolve/main/blob-${i}.gguf`);
    }
    const id = (await startPull("acme/Cdn-GGUF", path.basename(parts[0] as string))).data.pull.id;
    const done = await waitForPull(id, (p) => p.status === "done" || p.status === "failed");
    expect(done).toMatchObject({ status: "done", error: null });
    const { generationId } = await startChat(admin, "Hello there", done.modelId ?? undefined);
    expect(answerText(await readEvents(admin, generationId))).toBe(script);
    // Deleting the model removes every part.
    expect((await admin.fetch(`/api/admin/models/${done.modelId}`, { method: "DELETE" })).status).toBe(200);
    await expect(fs.readdir(path.join(stack.modelsDir, "hub", "acme", "Cdn-GGUF"))).resolves.toEqual([]);
  });

  it("refuses a split model when one part's SHA-256 differs, and keeps none of its parts", async () => {
    const parts = await writeSplitGguf(path.join(scratch, "bad-split", "Bad"), scriptedModelSpec({ script: "never served" }), 3);
    for (const [i, part] of parts.entries()) {
      await hub.addFile("acme/Bad-Split-GGUF", path.basename(part), part, i === 2 ? { sha256: "1".repeat(64) } : {});
    }
    const id = (await startPull("acme/Bad-Split-GGUF", path.basename(parts[0] as string))).data.pull.id;
    const failed = await waitForPull(id, (p) => p.status === "failed" || p.status === "done");
    expect(english(failed.error)).toMatch(/SHA-256 .* does not match/);
    await expect(fs.readdir(path.join(stack.modelsDir, "hub", "acme", "Bad-Split-GGUF"))).rejects.toThrow();
    await expect(fs.readdir(path.join(stack.modelsDir, ".pulls"))).resolves.toEqual([]);
  });

  it("refuses a file whose SHA-256 differs from the Hub's, and keeps nothing of it", async () => {
    await hub.addFile("acme/Bad-GGUF", "bad.gguf", source, { sha256: "0".repeat(64) });
    const id = (await startPull("acme/Bad-GGUF", "bad.gguf")).data.pull.id;
    const failed = await waitForPull(id, (p) => p.status === "failed" || p.status === "done");
    expect(failed.status).toBe("failed");
    expect(english(failed.error)).toMatch(/SHA-256 .* does not match/);
    await expect(fs.stat(path.join(stack.modelsDir, "hub", "acme", "Bad-GGUF", "bad.gguf"))).rejects.toThrow();
    await expect(fs.readdir(path.join(stack.modelsDir, ".pulls"))).resolves.toEqual([]);
  });

  it("refuses to start when the disk would fall below the free-space floor", async () => {
    await stack.stopWorker();
    stack.env.HEARTH_MIN_FREE_DISK_BYTES = String(Number.MAX_SAFE_INTEGER);
    await stack.startWorker();
    try {
      await hub.addFile("acme/Big-GGUF", "big.gguf", source);
      const sentBefore = hub.bytesSent();
      const id = (await startPull("acme/Big-GGUF", "big.gguf")).data.pull.id;
      const failed = await waitForPull(id, (p) => p.status === "failed" || p.status === "done");
      expect(failed.status).toBe("failed");
      expect(english(failed.error)).toMatch(/Not enough disk space/);
      // Refused before a byte was fetched.
      expect(hub.bytesSent()).toBe(sentBefore);
    } finally {
      await stack.stopWorker();
      delete stack.env.HEARTH_MIN_FREE_DISK_BYTES;
      await stack.startWorker();
    }
  });

  it("refuses names that try to leave their folder", async () => {
    for (const body of [
      { repo: "../../etc", file: "x.gguf" },
      { repo: "acme/x", file: "../../../etc/passwd.gguf" },
      { repo: "acme/x", file: "a/../../b.gguf" },
      { repo: "acme/x", file: "model.bin" },
    ]) {
      const { status } = await admin.json("/api/admin/pulls", body);
      expect(status, JSON.stringify(body)).toBe(400);
    }
    const pasted = await admin.json(`/api/admin/models/hub?source=${encodeURIComponent("hf:acme/x/../../y.gguf")}`);
    expect(pasted.status).toBe(400);
  });

  it("never follows the Hub to private addresses, re-checking every redirect", async () => {
    await other.addFile("evil/Inside-GGUF", "inside.gguf", source);
    // The tree API itself redirected to the cloud metadata address, to loopback, to IPv4-mapped IPv6.
    for (const [repo, target] of [
      ["evil/Meta", "http://169.254.169.254/latest/meta-data/"],
      ["evil/Loop", `${other.url}/api/models/evil/Inside-GGUF/tree/main`],
      ["evil/Mapped", "https://[::ffff:127.0.0.1]/api/models/evil/Inside-GGUF/tree/main"],
      ["evil/Private", "https://10.0.0.8/api/models/x/y/tree/main"],
    ] as const) {
      hub.redirect(`/api/models/${repo}/tree/main`, target);
      const { status, data } = await startPull(repo, "x.gguf");
      expect(status, repo).toBe(400);
      expect(data.error?.message, repo).toMatch(/Refused/);
    }
    // The file list is fine but its download redirects into the private network: the worker refuses.
    await hub.addFile("evil/Redirect-GGUF", "r.gguf", source);
    hub.redirect("/evil/Redirect-GGUF/resolve/main/r.gguf", `${other.url}/evil/Inside-GGUF/resolve/main/inside.gguf`);
    const id = (await startPull("evil/Redirect-GGUF", "r.gguf")).data.pull.id;
    const failed = await waitForPull(id, (p) => p.status === "failed" || p.status === "done");
    expect(failed.status).toBe("failed");
    expect(english(failed.error)).toMatch(/Refused/);
  });

  it("refuses a file longer than the size the Hub lists, though its first bytes match the SHA-256, and keeps nothing", async () => {
    hub.setSpeed(0);
    const size = (await fs.stat(source)).size;
    const listed = size - 1_000_000;
    // The tree lists `listed` bytes and the SHA-256 of exactly those; the download sends the whole file.
    await hub.addFile("acme/Long-GGUF", "long.gguf", source, { listedSize: listed });
    const started = await startPull("acme/Long-GGUF", "long.gguf");
    expect(started.data.pull.totalBytes).toBe(listed);
    const failed = await waitForPull(started.data.pull.id, (p) => p.status === "failed" || p.status === "done");
    expect(failed.status).toBe("failed");
    expect(english(failed.error)).toBe(
      `The Hub sent more than the ${listed.toLocaleString("en")} bytes it lists for long.gguf; the download was stopped and deleted.`,
    );
    // No byte past the listed size was counted as downloaded.
    expect(failed.downloadedBytes).toBeLessThanOrEqual(listed);
    await expect(fs.stat(path.join(stack.modelsDir, "hub", "acme", "Long-GGUF"))).rejects.toThrow();
    await expect(fs.readdir(path.join(stack.modelsDir, ".pulls"))).resolves.toEqual([]);
  });

  it("never connects where the Hub redirects a resumed download (only the second request), and fails saying so", async () => {
    hub.setSpeed(0);
    let canaryConnections = 0;
    const canary = net.createServer((socket) => socket.destroy());
    canary.on("connection", () => canaryConnections++);
    await new Promise<void>((resolve) => canary.listen(0, "127.0.0.1", resolve));
    const canaryPort = (canary.address() as net.AddressInfo).port;
    try {
      // The first download is honest but its line drops after 3 MB; every later request for the file is
      // sent to a name that resolves to this very machine.
      await hub.addFile("evil/Rebound-GGUF", "rebound.gguf", source, { dropFirstAfter: 3_000_000 });
      hub.redirect("/evil/Rebound-GGUF/resolve/main/rebound.gguf", `https://localhost:${canaryPort}/blob`, { fromRequest: 2 });
      const id = (await startPull("evil/Rebound-GGUF", "rebound.gguf")).data.pull.id;
      const failed = await waitForPull(id, (p) => p.status === "failed" || p.status === "done");
      expect(failed.status).toBe("failed");
      expect(english(failed.error)).toMatch(
        new RegExp(`^Refused localhost:${canaryPort}: it points into a private network \\((127\\.0\\.0\\.1|::1)\\)\\.$`),
      );
      expect(hub.ranges().filter((r) => r?.startsWith("bytes=3000000-"))).toEqual([]);
      expect(canaryConnections).toBe(0);
      await expect(fs.readdir(path.join(stack.modelsDir, ".pulls"))).resolves.toEqual([]);
    } finally {
      canary.close();
    }
  });

  it("lists only file names a pull accepts, leaving out those that climb out of a folder", async () => {
    for (const name of ["ok-q8_0.gguf", "../../x.gguf", "a/../../b.gguf", "./c.gguf"]) await hub.addFile("acme/Names-GGUF", name, source);
    const { status, data } = await admin.json<{ files: { path: string }[] }>(
      `/api/admin/models/hub?source=${encodeURIComponent("hf:acme/Names-GGUF")}`,
    );
    expect(status).toBe(200);
    expect(data.files.map((f) => f.path)).toEqual(["ok-q8_0.gguf"]);
  });

  it("lets only an admin pull", async () => {
    const stranger = new HearthClient(stack.baseUrl);
    expect((await stranger.json("/api/admin/pulls", { repo: REPO, file: FILE })).status).toBe(401);
  });
});
