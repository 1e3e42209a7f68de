// Starts Hearth the real way for tests: a migrated database, a models folder with a generated GGUF,
// `next start` serving the production build, and the worker process. Each run gets its own database
// and Redis prefix so runs never collide.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { makeTinyGguf } from "@/tools/gguf/tiny-model";
import { createMigratedDatabase, uniqueName } from "./database";

export const TEST_MODEL_FILE = "tiny/tiny-llama.gguf";

export type Stack = {
  baseUrl: string;
  env: Record<string, string>;
  modelsDir: string;
  startWorker: () => Promise<void>;
  stopWorker: (signal?: NodeJS.Signals) => Promise<void>;
  workerRunning: () => boolean;
  /** Sends the worker a signal without waiting for it to exit: SIGSTOP hangs it, SIGCONT wakes it. */
  signalWorker: (signal: NodeJS.Signals) => void;
  /** Kills the web server (SIGKILL by default) and starts a new one on the same address. */
  restartWeb: (signal?: NodeJS.Signals) => Promise<void>;
  /** Everything the web server and the worker printed so far (the newest 2 MB). */
  output: () => { web: string; worker: string };
  stopWeb: (signal?: NodeJS.Signals) => Promise<void>;
  /** The process id of the web server (`next start`), e.g. to measure its memory. */
  webPid: () => number | undefined;
  stop: () => Promise<void>;
};

const OUTPUT_KEPT = 2 * 1024 * 1024;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`${label} did not start in ${timeoutMs} ms:\n${seen}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited with ${code}:\n${seen}`));
    });
  });
}

function run(command: string, args: string[], env: Record<string, string>, label: string, keep?: (text: string) => void): ChildProcess {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  if (keep) {
    child.stdout?.on("data", (d: Buffer) => keep(d.toString()));
    child.stderr?.on("data", (d: Buffer) => keep(d.toString()));
  }
  if (process.env.HEARTH_TEST_LOGS) {
    child.stdout?.on("data", (d: Buffer) => process.stdout.write(`[${label}] ${d}`));
    child.stderr?.on("data", (d: Buffer) => process.stderr.write(`[${label}] ${d}`));
  } else {
    if (!keep) child.stdout?.resume();
    child.stderr?.on("data", (d: Buffer) => {
      const text = d.toString();
      if (/error|fatal/i.test(text) && !/ExperimentalWarning/.test(text)) process.stderr.write(`[${label}] ${text}`);
    });
  }
  return child;
}

async function kill(child: ChildProcess | null, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

export type StackOptions = {
  worker?: boolean;
  web?: boolean;
  extraEnv?: Record<string, string>;
  /** The PostgreSQL server to create the stack's database on (the shared test server by default). */
  adminDatabaseUrl?: string;
};

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-stack-"));
  const modelsDir = path.join(root, "models");
  await fs.mkdir(path.join(modelsDir, "tiny"), { recursive: true });
  await makeTinyGguf({ out: path.join(modelsDir, TEST_MODEL_FILE), ctx: 1024 });
  const database = await createMigratedDatabase("hearth_test", options.adminDatabaseUrl);
  const prefix = uniqueName("hearth-test");
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    NODE_ENV: "production",
    DATABASE_URL: database.url,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    HEARTH_REDIS_PREFIX: prefix,
    HEARTH_MODELS_DIR: modelsDir,
    // Never the checkout's ./data or ./backups: each stack keeps its install marker and backups to itself.
    HEARTH_DATA_DIR: path.join(root, "data"),
    HEARTH_BACKUP_DIR: path.join(root, "backups"),
    HEARTH_WORKER_THREADS: "1",
    HEARTH_WORKER_SEQUENCES: "2",
    HEARTH_CONTEXT_SIZE: "1024",
    HEARTH_GPU: "false",
    // Short, so tests see a killed worker's job taken over quickly; long enough for a loaded CI machine.
    HEARTH_JOB_LOCK_MS: "3000",
    HEARTH_SHUTDOWN_GRACE_MS: "500",
    NEXTAUTH_SECRET: "test-secret-not-for-production-use-0123456789",
    NEXTAUTH_URL: baseUrl,
    ...options.extraEnv,
  };

  let web: ChildProcess | null = null;
  let worker: ChildProcess | null = null;
  const output = { web: "", worker: "" };
  const keep = (name: keyof typeof output) => (text: string) => {
    output[name] = (output[name] + text).slice(-OUTPUT_KEPT);
  };
  const startWeb = async () => {
    web = run(path.resolve("node_modules/.bin/next"), ["start", "-H", "127.0.0.1", "-p", String(port)], env, "web", keep("web"));
    await waitForOutput(web, /Ready in|started server|Local:/i, 60_000, "next start");
    await waitForHealth(baseUrl);
  };
  if (options.web !== false) await startWeb();

  const startWorker = async () => {
    if (worker && worker.exitCode === null && worker.signalCode === null) return;
    // One process (not the tsx CLI, which forks a child): a SIGKILL must really kill the worker.
    worker = run(process.execPath, ["--conditions=react-server", "--import", "tsx", "worker/index.ts"], env, "worker", keep("worker"));
    await waitForOutput(worker, /waiting for generations/, 60_000, "worker");
  };
  const stopWorker = async (signal: NodeJS.Signals = "SIGTERM") => {
    await kill(worker, signal);
    worker = null;
  };
  if (options.worker !== false) await startWorker();

  return {
    baseUrl,
    env,
    modelsDir,
    startWorker,
    stopWorker,
    output: () => ({ ...output }),
    workerRunning: () => worker !== null && worker.exitCode === null && worker.signalCode === null,
    signalWorker: (signal: NodeJS.Signals) => {
      (worker as ChildProcess | null)?.kill(signal);
    },
    restartWeb: async (signal: NodeJS.Signals = "SIGKILL") => {
      await kill(web, signal);
      await startWeb();
    },
    stopWeb: async (signal: NodeJS.Signals = "SIGTERM") => {
      await kill(web, signal);
    },
    webPid: () => (web as ChildProcess | null)?.pid,
    stop: async () => {
      await Promise.all([kill(worker), kill(web)]);
      await database.drop().catch(() => {});
      await clearRedisPrefix(env.REDIS_URL ?? "", prefix);
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}

async function waitForHealth(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${baseUrl}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${baseUrl}/api/health never became ready`);
}

export async function clearRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = "0";
    do {
      const [next, found] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      if (found.length) await redis.del(...found);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
