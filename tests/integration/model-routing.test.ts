// Two worker processes with different models folders on one Redis: each advertises its models, and every
// generation runs on the worker that has its model.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WorkerStatus, workerStatusSchema } from "@/lib/workers/status";
import { type HearthClient, readEvents } from "@/testkit/client";
import { setUpFamily, startChat } from "@/testkit/family";
import { type Stack, startStack } from "@/testkit/stack";
import { makeTinyGguf } from "@/tools/gguf/tiny-model";

let stack: Stack;
let admin: HearthClient;
let secondDir: string;
let second: ChildProcess | null = null;
let redis: Redis;
let tinyId = "";
let otherId = "";
const OTHER_FILE = "other/other.gguf";

/** Every presence record under this stack's prefix, whatever its key: a worker publishing two would show. */
async function reports(): Promise<WorkerStatus[]> {
  const keys = await redis.keys(`${stack.env.HEARTH_REDIS_PREFIX}:worker*`);
  const values = keys.length ? await redis.mget(...keys) : [];
  return values.flatMap((json) => {
    const parsed = workerStatusSchema.safeParse(JSON.parse(json ?? "null"));
    return parsed.success ? [parsed.data] : [];
  });
}

/** Every record that speaks of a worker (any hash or string key naming workers), as raw JSON. */
async function everyWorkerRecord(): Promise<unknown[]> {
  const keys = await redis.keys(`${stack.env.HEARTH_REDIS_PREFIX}:worker*`);
  const out: unknown[] = [];
  for (const key of keys) {
    const type = await redis.type(key);
    if (type === "hash") out.push(...Object.values(await redis.hgetall(key)).map((v) => JSON.parse(v)));
    else if (type === "string") out.push(JSON.parse((await redis.get(key)) ?? "null"));
  }
  return out;
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  stack = await startStack();
  redis = new Redis(stack.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  admin = (await setUpFamily(stack, [])).admin;
  tinyId = (await admin.json<{ models: { id: string }[] }>("/api/admin/models")).data.models[0]?.id ?? "";
  // Registered through the web (which checks the header), then moved: only the second worker has it.
  await fs.mkdir(path.join(stack.modelsDir, "other"), { recursive: true });
  await makeTinyGguf({ out: path.join(stack.modelsDir, OTHER_FILE), seed: 7, ctx: 1024 });
  const other = await admin.json<{ model: { id: string } }>("/api/admin/models", { name: "Other", filePath: OTHER_FILE });
  otherId = other.data.model.id;
  secondDir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-second-worker-"));
  await fs.mkdir(path.join(secondDir, "other"), { recursive: true });
  await fs.rename(path.join(stack.modelsDir, OTHER_FILE), path.join(secondDir, OTHER_FILE));
  second = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "worker/index.ts"], {
    env: { ...process.env, ...stack.env, HEARTH_MODELS_DIR: secondDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  second.stderr?.resume();
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    second?.stdout?.on("data", (d: Buffer) => {
      seen += d;
      if (seen.includes("waiting for generations")) resolve();
    });
    second?.once("exit", (code) => reject(new Error(`second worker exited with ${code}`)));
  });
}, 180_000);

afterAll(async () => {
  if (second && second.exitCode === null) {
    const exited = new Promise((r) => second?.once("exit", r));
    second.kill("SIGTERM");
    await exited;
  }
  redis?.disconnect();
  await stack?.stop();
  await fs.rm(secondDir, { recursive: true, force: true });
});

describe("several workers with their own models folders", () => {
  it("each worker advertises its memory, disk and model files", async () => {
    const both = await waitFor("two worker reports", async () => {
      const list = await reports();
      return list.length === 2 && list;
    });
    const files = both.map((r) => r.files.sort());
    expect(files).toContainEqual(["tiny/tiny-llama.gguf"]);
    expect(files).toContainEqual([OTHER_FILE]);
    for (const r of both) {
      expect(r.ram.total).toBeGreaterThan(0);
      expect(r.disk.free).toBeGreaterThan(0);
    }
  });

  it("each worker publishes one presence record, under the id /metrics and the admin page name it by", async () => {
    const both = await waitFor("two worker reports", async () => {
      const list = await reports();
      return list.length === 2 && list;
    });
    // Exactly one record per worker process, however stored.
    expect(await everyWorkerRecord()).toHaveLength(2);
    const metrics = await (await admin.fetch("/metrics")).text();
    const named = [...metrics.matchAll(/hearth_worker_backend_info\{worker="([^"]+)"/g)].map((m) => m[1]).sort();
    expect(named).toEqual(both.map((w) => w.id).sort());
  });

  it("runs every generation on the worker that has its model", async () => {
    const sent = [];
    for (let i = 0; i < 3; i++) {
      sent.push(await startChat(admin, `Hello ${i}`, otherId));
      sent.push(await startChat(admin, `Hi ${i}`, tinyId));
    }
    for (const { generationId } of sent) {
      const events = await readEvents(admin, generationId);
      expect(events.at(-1)?.data.type, generationId).toBe("done");
    }
    const byFolder = await waitFor("both models loaded", async () => {
      const list = await reports();
      const holder = (id: string) => list.filter((r) => r.loaded.includes(id)).map((r) => r.files);
      return holder(otherId).length > 0 && holder(tinyId).length > 0 && { other: holder(otherId), tiny: holder(tinyId) };
    });
    // Each model is loaded only on the worker whose folder has its file.
    expect(byFolder.other).toEqual([[OTHER_FILE]]);
    expect(byFolder.tiny).toEqual([["tiny/tiny-llama.gguf"]]);
  });
});
