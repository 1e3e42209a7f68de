// `npm start` (scripts/start.mjs) the real way: it migrates an empty database itself, then serves the
// production build from `.next` and runs the worker; SIGTERM stops everything and exits 0.
// Needs `next build` first (npm test builds before the integration tests).
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, dropDatabase, uniqueName } from "@/testkit/database";
import { clearRedisPrefix, freePort } from "@/testkit/stack";

const root = path.resolve(import.meta.dirname, "../..");
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

describe("npm start (scripts/start.mjs)", () => {
  const dbName = uniqueName("hearth_start");
  const prefix = uniqueName("hearth-start");
  let databaseUrl = "";
  let tempDir = "";
  let baseUrl = "";
  let child: ChildProcess | undefined;
  let output = "";
  let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;

  beforeAll(async () => {
    databaseUrl = await createDatabase(dbName); // empty: start.mjs must migrate it
    tempDir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-start-"));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ["scripts/start.mjs"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        HEARTH_ENV_FILE: path.join(tempDir, "no-such.env"), // never a developer's .env
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        HEARTH_REDIS_PREFIX: prefix,
        HEARTH_MODELS_DIR: path.join(tempDir, "models"),
        HEARTH_DATA_DIR: path.join(tempDir, "data"),
        HEARTH_BACKUP_DIR: path.join(tempDir, "backups"),
        HEARTH_HOST: "127.0.0.1",
        PORT: String(port),
        NEXTAUTH_SECRET: "test-secret-not-for-production-use-0123456789",
        NEXTAUTH_URL: baseUrl,
        HEARTH_WORKER_THREADS: "1",
        HEARTH_GPU: "false",
      },
    });
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    exit = new Promise((resolve) => child?.once("exit", (code, signal) => resolve({ code, signal })));
  });

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exit;
    }
    await dropDatabase(dbName).catch(() => {});
    await clearRedisPrefix(redisUrl, prefix).catch(() => {});
    if (tempDir) await fs.rm(tempDir, { recursive: true, force: true });
  });

  it("migrates, serves /api/health, runs the worker and stops cleanly on SIGTERM", async () => {
    const proc = child;
    if (!proc) throw new Error("start.mjs was not spawned");
    const deadline = Date.now() + 90_000;
    let healthy = false;
    // The worker logs JSON lines (pino); npm start prefixes each with [worker].
    const workerWaiting = /^\[worker\] .*"msg":"waiting for generations"/m;
    while (Date.now() < deadline && !(healthy && workerWaiting.test(output))) {
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`start.mjs exited early:\n${output}`);
      healthy ||= await fetch(`${baseUrl}/api/health`)
        .then((r) => r.status === 200)
        .catch(() => false);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(healthy, output).toBe(true);
    expect(output).toMatch(workerWaiting);
    expect(output).toMatch(/^\[web\] /m);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM "_hearth_migrations"`);
      expect(Number(rows[0]?.count)).toBeGreaterThanOrEqual(1);
    } finally {
      await client.end();
    }

    const started = Date.now();
    proc.kill("SIGTERM");
    const result = await Promise.race([exit, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 20_000))]);
    expect(result, output).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 120_000);
});

describe("npm start with a worker that keeps crashing", () => {
  const dbName = uniqueName("hearth_crash");
  const prefix = uniqueName("hearth-crash");
  let tempDir = "";
  let child: ChildProcess | undefined;
  let output = "";
  let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exit;
    }
    await dropDatabase(dbName).catch(() => {});
    await clearRedisPrefix(redisUrl, prefix).catch(() => {});
    if (tempDir) await fs.rm(tempDir, { recursive: true, force: true });
  });

  it("keeps the web server up and restarts the worker with a growing pause, saying so in the log", async () => {
    const databaseUrl = await createDatabase(dbName);
    tempDir = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-crash-"));
    const crashing = path.join(tempDir, "crashing-worker.mjs");
    await fs.writeFile(crashing, 'console.error("worker crashed on purpose (test)");\nprocess.exit(1);\n');
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ["scripts/start.mjs"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        HEARTH_ENV_FILE: path.join(tempDir, "no-such.env"),
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        HEARTH_REDIS_PREFIX: prefix,
        HEARTH_MODELS_DIR: path.join(tempDir, "models"),
        HEARTH_DATA_DIR: path.join(tempDir, "data"),
        HEARTH_BACKUP_DIR: path.join(tempDir, "backups"),
        HEARTH_HOST: "127.0.0.1",
        PORT: String(port),
        NEXTAUTH_SECRET: "test-secret-not-for-production-use-0123456789",
        NEXTAUTH_URL: baseUrl,
        HEARTH_WORKER_ENTRY: crashing,
        HEARTH_WORKER_RESTART_MS: "100",
      },
    });
    const proc = child;
    proc.stdout?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    proc.stderr?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    exit = new Promise((resolve) => proc.once("exit", (code, signal) => resolve({ code, signal })));

    const crashes = () => output.match(/worker exited \(code 1\)/g)?.length ?? 0;
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && crashes() < 8) {
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`start.mjs exited after ${crashes()} crashes:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(crashes(), output).toBeGreaterThanOrEqual(8);
    const health = await fetch(`${baseUrl}/api/health`).then((r) => r.status);
    expect(health).toBe(200);
    expect(output).toMatch(/keeps crashing \(6 times in a row\)\. The web server stays up/);
    const pauses = [...output.matchAll(/restarting (?:it|the worker) in ([\d.]+) s/g)].map((m) => Number(m[1]));
    expect(pauses.slice(0, 6)).toEqual([0.1, 0.2, 0.4, 0.8, 1.6, 3.2]);

    proc.kill("SIGTERM");
    const result = await Promise.race([exit, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 20_000))]);
    expect(result, output).toEqual({ code: 0, signal: null });
  }, 150_000);
});
