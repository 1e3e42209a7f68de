// Uploading, configuring and deleting models over HTTP, against the built app and a real worker.
import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HearthClient, readEvents } from "@/testkit/client";
import { setUpFamily, startChat } from "@/testkit/family";
import { installSlowModel } from "@/testkit/models";
import { type Stack, startStack, TEST_MODEL_FILE } from "@/testkit/stack";
import { makeTinyGguf } from "@/tools/gguf/tiny-model";

type Model = { id: string; name: string; filePath: string; description: string; enabled: boolean };

let stack: Stack;
let admin: HearthClient;
let member: HearthClient;
let scratch: string;
let tinyFile: string;
let bigFile: string;

/** Sends `body` as an upload, but claims `declaredSize` bytes; when the body is shorter the connection drops. */
function rawUpload(
  name: string,
  body: Buffer,
  declaredSize = body.length,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders } | "dropped"> {
  const url = new URL(`/api/admin/models/upload?name=${encodeURIComponent(name)}`, stack.baseUrl);
  return new Promise((resolve) => {
    const request = http.request(url, {
      method: "POST",
      headers: { "content-type": "application/octet-stream", "content-length": declaredSize, cookie: admin.cookieHeader(), ...headers },
    });
    request.on("response", (response) => {
      let text = "";
      response.on("data", (d: Buffer) => {
        text += d;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text, headers: response.headers }));
    });
    request.on("error", () => resolve("dropped"));
    if (declaredSize > body.length) {
      request.write(body);
      // A browser tab closed mid-upload: the connection ends before the promised bytes arrive.
      setTimeout(() => request.destroy(), 300);
    } else request.end(body);
  });
}

async function installedModels(): Promise<Model[]> {
  return (await admin.json<{ models: Model[] }>("/api/admin/models")).data.models;
}

async function leftovers(): Promise<string[]> {
  const dirs = [".uploads", "uploads"].map((d) => path.join(stack.modelsDir, d));
  const lists = await Promise.all(dirs.map((d) => fs.readdir(d).catch(() => [] as string[])));
  return lists.flat();
}

beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-upload-"));
  tinyFile = path.join(scratch, "tiny.gguf");
  await makeTinyGguf({ out: tinyFile, ctx: 1024 });
  // Over 10 MB: Next.js cuts a body that passes through its proxy at 10 MB, so uploads must not.
  bigFile = path.join(scratch, "big.gguf");
  await makeTinyGguf({ out: bigFile, layers: 4, embd: 512, ff: 1024, vocab: 2048, ctx: 1024, type: "q8_0" });
  stack = await startStack({ extraEnv: { HEARTH_MAX_UPLOAD_BYTES: String(50 * 1024 * 1024) } });
  const family = await setUpFamily(stack, ["Mia"]);
  admin = family.admin;
  member = family.members[0] as HearthClient;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await fs.rm(scratch, { recursive: true, force: true });
});

describe("uploading a model", () => {
  it("streams a file over 10 MB to disk under a name the server chooses and registers it", async () => {
    const bytes = await fs.readFile(bigFile);
    expect(bytes.length).toBeGreaterThan(10 * 1024 * 1024);
    const result = await rawUpload("Uploaded big", bytes);
    expect(result).not.toBe("dropped");
    if (result === "dropped") return;
    expect(result.status, result.text).toBe(201);
    expect(result.headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
    expect(result.headers["x-content-type-options"]).toBe("nosniff");
    // Plain http here: no HSTS (it would pin a LAN address to https nobody serves).
    expect(result.headers["strict-transport-security"]).toBeUndefined();
    const model = (await installedModels()).find((m) => m.name === "Uploaded big");
    expect(model?.filePath).toMatch(/^uploads\/[0-9a-f]{24}\.gguf$/);
    // Buffer.equals: toEqual walks 13 million bytes one by one.
    expect((await fs.readFile(path.join(stack.modelsDir, model?.filePath ?? ""))).equals(bytes)).toBe(true);
  });

  it("keeps nothing of an upload cut short", async () => {
    const before = await leftovers();
    const bytes = await fs.readFile(tinyFile);
    const result = await rawUpload("Cut short", bytes.subarray(0, bytes.length / 2), bytes.length);
    if (result !== "dropped") expect(result.status).toBe(400);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await leftovers()).toEqual(before);
    expect((await installedModels()).some((m) => m.name === "Cut short")).toBe(false);
  });

  it("refuses a file that is not a GGUF model, with the reason, and keeps nothing", async () => {
    const before = await leftovers();
    const result = await rawUpload("Web page", Buffer.from("<!doctype html><html><body>Not found</body></html>".padEnd(4096, " ")));
    expect(result).not.toBe("dropped");
    if (result === "dropped") return;
    expect(result.status).toBe(400);
    expect(result.text).toMatch(/HTML/);
    // Told by the name it was given, never by where the server keeps its files.
    const { message } = (JSON.parse(result.text) as { error: { message: string } }).error;
    expect(message).toContain("“Web page”");
    expect(message).not.toContain("uploads");
    expect(message).not.toContain(stack.modelsDir);
    expect(await leftovers()).toEqual(before);
  });

  it("refuses an upload over the size limit before reading it", async () => {
    const result = await rawUpload("Huge", Buffer.alloc(10), 51 * 1024 * 1024);
    if (result !== "dropped") expect(result.status).toBe(413);
    expect((await installedModels()).some((m) => m.name === "Huge")).toBe(false);
  });

  it("never lets the given name become a path", async () => {
    const result = await rawUpload("../../etc/passwd", await fs.readFile(tinyFile));
    expect(result).not.toBe("dropped");
    if (result !== "dropped") expect(result.status).toBe(400);
    await expect(fs.stat(path.join(stack.modelsDir, "..", "etc"))).rejects.toThrow();
  });

  it("carries HSTS behind a TLS proxy, on success and on refusal alike", async () => {
    const overHttps = { "x-forwarded-proto": "https" };
    const saved = await rawUpload("Over https", await fs.readFile(tinyFile), undefined, overHttps);
    const refused = await rawUpload("../refused", await fs.readFile(tinyFile), undefined, overHttps);
    for (const result of [saved, refused]) {
      expect(result).not.toBe("dropped");
      if (result === "dropped") return;
      expect(result.headers["strict-transport-security"]).toMatch(/^max-age=\d+/);
    }
    expect(saved !== "dropped" && [saved.status, refused !== "dropped" && refused.status]).toEqual([201, 400]);
  });

  it("refuses an upload that would leave less free disk than the floor pulls keep, and keeps nothing", async () => {
    stack.env.HEARTH_MIN_FREE_DISK_BYTES = String(Number.MAX_SAFE_INTEGER);
    await stack.restartWeb("SIGTERM");
    try {
      const before = await leftovers();
      const result = await rawUpload("No room", await fs.readFile(tinyFile));
      expect(result).not.toBe("dropped");
      if (result === "dropped") return;
      expect(result.status).toBe(503);
      expect(JSON.parse(result.text).error.message).toMatch(
        /^Not enough disk space: the file needs 0\.00 GB, [\d.]+ GB is free and Hearth keeps \d+\.\d+ GB free\./,
      );
      expect(await leftovers()).toEqual(before);
      expect((await installedModels()).some((m) => m.name === "No room")).toBe(false);
    } finally {
      delete stack.env.HEARTH_MIN_FREE_DISK_BYTES;
      await stack.restartWeb("SIGTERM");
    }
  });

  it("lets only an admin upload", async () => {
    const response = await member.fetch("/api/admin/models/upload?name=x", {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: await fs.readFile(tinyFile),
    });
    expect(response.status).toBe(403);
  });
});

describe("registering a model", () => {
  it("answers several registrations of one file under one name, sent at once, with one 201 and a 409 for each other", async () => {
    const attempts = await Promise.all(
      Array.from({ length: 6 }, () => admin.json("/api/admin/models", { name: "Twin", filePath: TEST_MODEL_FILE })),
    );
    expect(attempts.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect((await installedModels()).filter((m) => m.name === "Twin")).toHaveLength(1);
  });

  it("answers two renames to one name, sent at once, with one 200 and one 409", async () => {
    const made = await Promise.all(
      ["Left", "Right"].map((name) => admin.json<{ model: Model }>("/api/admin/models", { name, filePath: TEST_MODEL_FILE })),
    );
    const renames = await Promise.all(made.map((m) => admin.json(`/api/admin/models/${m.data.model.id}`, { name: "Both" }, "PATCH")));
    expect(renames.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await installedModels()).filter((m) => m.name === "Both")).toHaveLength(1);
  });
});

describe("configuring a model", () => {
  it("shows members the description and hides a disabled model", async () => {
    const model = (await installedModels()).find((m) => m.name === "Uploaded big") as Model;
    const saved = await admin.json(`/api/admin/models/${model.id}`, { description: "quick and small" }, "PATCH");
    expect(saved.status).toBe(200);
    const seen = await member.json<{ models: { id: string; description: string }[] }>("/api/models");
    expect(seen.data.models.find((m) => m.id === model.id)?.description).toBe("quick and small");
    await admin.json(`/api/admin/models/${model.id}`, { enabled: false }, "PATCH");
    const hidden = await member.json<{ models: { id: string }[] }>("/api/models");
    expect(hidden.data.models.some((m) => m.id === model.id)).toBe(false);
    const refused = await member.json("/api/conversations", { content: "hi", modelId: model.id });
    expect(refused.status).toBe(400);
    await admin.json(`/api/admin/models/${model.id}`, { enabled: true }, "PATCH");
  });

  it("uses the model's sampling defaults: max answer tokens caps the answer", async () => {
    const model = (await installedModels()).find((m) => m.name === "Uploaded big") as Model;
    const saved = await admin.json(`/api/admin/models/${model.id}`, { sampling: { maxTokens: 3, temperature: 0.2 } }, "PATCH");
    expect(saved.status).toBe(200);
    const { generationId: messageId } = await startChat(member, "Tell me a long story", model.id);
    const events = await readEvents(member, messageId);
    const final = events.at(-1)?.data as { type: string; outputTokens: number };
    expect(final.type).toBe("done");
    expect(final.outputTokens).toBeLessThanOrEqual(3);
  });

  it("refuses bad settings with a clear error", async () => {
    const model = (await installedModels())[0] as Model;
    const bad = await admin.json<{ error: { message: string } }>(
      `/api/admin/models/${model.id}`,
      { sampling: { temperature: 9 } },
      "PATCH",
    );
    expect(bad.status).toBe(400);
    expect(bad.data.error.message).toMatch(/Temperature must be between 0 and 2/);
    expect((await member.json(`/api/admin/models/${model.id}`, { description: "x" }, "PATCH")).status).toBe(403);
  });
});

describe("deleting a model", () => {
  it("is refused while an answer is being generated with it, then removes the model and its file", async () => {
    const slowId = await installSlowModel(stack.modelsDir, admin);
    const { generationId: messageId } = await startChat(member, "Write a lot", slowId);
    const refused = await admin.json<{ error: { message: string } }>(`/api/admin/models/${slowId}`, undefined, "DELETE");
    expect(refused.status).toBe(409);
    expect(refused.data.error.message).toMatch(/being generated/);
    await member.fetch(`/api/generations/${messageId}/stop`, { method: "POST" });
    await readEvents(member, messageId);
    const deleted = await admin.json(`/api/admin/models/${slowId}`, undefined, "DELETE");
    expect(deleted.status).toBe(200);
    expect((await installedModels()).some((m) => m.id === slowId)).toBe(false);
    await expect(fs.stat(path.join(stack.modelsDir, "slow.gguf"))).rejects.toThrow();
  });
});
