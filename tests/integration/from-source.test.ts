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

type Exit = { code: number | null; signal: NodeJS.Signals | null };

/** One `npm start` of its own: an empty database (start.mjs must migrate it), a Redis prefix and folders. */
class StartRun {
  readonly dbName: string;
  readonly prefix: string;
  databaseUrl = "";
  tempDir = "";
  baseUrl = "";
  output = "";
  child: ChildProcess | undefined;
  private exit: Promise<Exit> | undefined;

  constructor(private readonly name: string) {
    this.dbName = uniqueName(`hearth_${name}`);
    this.prefix = uniqueName(`hearth-${name}`);
  }

  /** The database and the folders, before the spawn (a test may put files into tempDir first). */
  async prepare(): Promise<void> {
    this.databaseUrl = await createDatabase(this.dbName);
    this.tempDir = await fs.mkdtemp(path.join(os.tmpdir(), `hearth-${this.name}-`));
  }

  async spawn(extraEnv: Record<string, string>): Promise<ChildProcess> {
    const port = await freePort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, ["scripts/start.mjs"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        HEARTH_ENV_FILE: path.join(this.tempDir, "no-such.env"), // never a developer's .env
        DATABASE_URL: this.databaseUrl,
        REDIS_URL: redisUrl,
        HEARTH_REDIS_PREFIX: this.prefix,
        HEARTH_MODELS_DIR: path.join(this.tempDir, "models"),
        HEARTH_DATA_DIR: path.join(this.tempDir, "data"),
        HEARTH_BACKUP_DIR: path.join(this.tempDir, "backups"),
        HEARTH_HOST: "127.0.0.1",
        PORT: String(port),
        NEXTAUTH_SECRET: "test-secret-not-for-production-use-0123456789",
        NEXTAUTH_URL: this.baseUrl,
        ...extraEnv,
      },
    });
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString();
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    this.exit = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    this.child = child;
    return child;
  }

  /** SIGTERM, then how it exited, or "timeout" when it is still running 20 s later. */
  async terminate(): Promise<Exit | "timeout"> {
    if (!this.child || !this.exit) throw new Error("start.mjs was not spawned");
    this.child.kill("SIGTERM");
    return Promise.race([this.exit, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 20_000))]);
  }

  /** Kills whatever still runs and removes the database, the Redis keys and the folders. */
  async cleanUp(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await this.exit;
    }
    await dropDatabase(this.dbName).catch(() => {});
    await clearRedisPrefix(redisUrl, this.prefix).catch(() => {});
    if (this.tempDir) await fs.rm(this.tempDir, { recursive: true, force: true });
  }
}

/** Waits up to 90 s, with a check every 250 ms, until `ready` says so; throws when start.mjs exits meanwhile. */
async function waitWhileRunning(run: StartRun, ready: () => Promise<boolean> | boolean, what: () => string): Promise<void> {
  const proc = run.child;
  if (!proc) throw new Error("start.mjs was not spawned");
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && !(await ready())) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`start.mjs exited ${what()}:\n${run.output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("npm start (scripts/start.mjs)", () => {
  const run = new StartRun("start");

  beforeAll(async () => {
    await run.prepare();
    await run.spawn({ HEARTH_WORKER_THREADS: "1", HEARTH_GPU: "false" });
  });

  afterAll(() => run.cleanUp());

  it("migrates, serves /api/health, runs the worker and stops cleanly on SIGTERM", async () => {
    let healthy = false;
    // The worker logs JSON lines (pino); npm start prefixes each with [worker].
    const workerWaiting = /^\[worker\] .*"msg":"waiting for generations"/m;
    await waitWhileRunning(
      run,
      async () => {
        healthy ||= await fetch(`${run.baseUrl}/api/health`)
          .then((r) => r.status === 200)
          .catch(() => false);
        return healthy && workerWaiting.test(run.output);
      },
      () => "early",
    );
    expect(healthy, run.output).toBe(true);
    expect(run.output).toMatch(workerWaiting);
    expect(run.output).toMatch(/^\[web\] /m);

    const client = new pg.Client({ connectionString: run.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM "_hearth_migrations"`);
      expect(Number(rows[0]?.count)).toBeGreaterThanOrEqual(1);
    } finally {
      await client.end();
    }

    expect(await run.terminate(), run.output).toEqual({ code: 0, signal: null });
  }, 120_000);
});

describe("npm start with a worker that keeps crashing", () => {
  const run = new StartRun("crash");

  afterAll(() => run.cleanUp());

  it("keeps the web server up and restarts the worker with a growing pause, saying so in the log", async () => {
    await run.prepare();
    const crashing = path.join(run.tempDir, "crashing-worker.mjs");
    await fs.writeFile(crashing, 'console.error("worker crashed on purpose (test)");\nprocess.exit(1);\n');
    await run.spawn({ HEARTH_WORKER_ENTRY: crashing, HEARTH_WORKER_RESTART_MS: "100" });

    const crashes = () => run.output.match(/worker exited \(code 1\)/g)?.length ?? 0;
    await waitWhileRunning(
      run,
      () => crashes() >= 8,
      () => `after ${crashes()} crashes`,
    );
    expect(crashes(), run.output).toBeGreaterThanOrEqual(8);
    const health = await fetch(`${run.baseUrl}/api/health`).then((r) => r.status);
    expect(health).toBe(200);
    expect(run.output).toMatch(/keeps crashing \(6 times in a row\)\. The web server stays up/);
    const pauses = [...run.output.matchAll(/restarting (?:it|the worker) in ([\d.]+) s/g)].map((m) => Number(m[1]));
    expect(pauses.slice(0, 6)).toEqual([0.1, 0.2, 0.4, 0.8, 1.6, 3.2]);

    expect(await run.terminate(), run.output).toEqual({ code: 0, signal: null });
  }, 150_000);
});
