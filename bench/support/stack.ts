// Bench stacks (database, web, worker) and what they serve: start/stop, worker restarts, model files, accounts.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { HearthClient } from "@/testkit/client";
import { type Stack, startStack } from "@/testkit/stack";
import { makeTinyGguf, TINY_MODEL_PRESETS } from "@/tools/gguf/tiny-model";
import { expectStatus } from "./expect-status";
import { QUICK } from "./quick";

const liveStacks = new Set<Stack>();
let signalHandlersInstalled = false;

function installSignalHandlers(): void {
  if (signalHandlersInstalled) return;
  signalHandlersInstalled = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`\n[bench] ${signal}: stopping ${liveStacks.size} stack(s)`);
      void Promise.allSettled([...liveStacks].map((s) => s.stop())).then(() => process.exit(130));
    });
  }
}

/** A fresh checkout has no production build: make one (and say why) rather than fail on `next start`. */
function ensurePrerequisites(): void {
  const check = spawnSync(process.execPath, ["scripts/test-prerequisites.mjs", "--no-browser", "--no-faults"], { stdio: "inherit" });
  if (check.status !== 0) process.exit(1);
  if (existsSync(".next/BUILD_ID")) return;
  console.error("[bench] no production build (.next) yet: running npm run build first");
  const build = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (build.status !== 0) throw new Error("npm run build failed");
}

/** Starts a stack (database, web, worker) with the given extra env; stop it with stopBenchStack in a finally. */
export async function startBenchStack(extraEnv: Record<string, string>, options: { worker?: boolean } = {}): Promise<Stack> {
  installSignalHandlers();
  ensurePrerequisites();
  const stack = await startStack({ worker: options.worker, extraEnv });
  liveStacks.add(stack);
  return stack;
}

export async function stopBenchStack(stack: Stack | undefined): Promise<void> {
  if (!stack) return;
  liveStacks.delete(stack);
  await stack.stop();
}

/** A stack for the length of `run`, stopped afterwards however `run` ends. */
export async function withBenchStack<T>(extraEnv: Record<string, string>, run: (stack: Stack) => Promise<T>): Promise<T> {
  let stack: Stack | undefined;
  try {
    stack = await startBenchStack(extraEnv);
    return await run(stack);
  } finally {
    await stopBenchStack(stack);
  }
}

/**
 * Restarts the stack's worker with changed env (startStack's startWorker spawns with stack.env, the same object).
 * Returns after the new worker logs that it is waiting for generations.
 */
export async function restartWorker(stack: Stack, env: Record<string, string>): Promise<void> {
  await stack.stopWorker();
  Object.assign(stack.env, env);
  await stack.startWorker();
}

/** Puts a model file into the stack's models folder (hard link when possible, copy otherwise). */
export async function placeModel(stack: Stack, source: string, relative: string): Promise<string> {
  const target = path.join(stack.modelsDir, relative);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.rm(target, { force: true });
  await fs.link(source, target).catch(() => fs.copyFile(source, target));
  return relative;
}

export type Users = { admin: HearthClient; members: HearthClient[] };

/** Signs up the admin and creates + logs in `count` member accounts. */
export async function createUsers(stack: Stack, count: number): Promise<Users> {
  const admin = new HearthClient(stack.baseUrl);
  const adminAccount = { name: "Bench Admin", email: "admin@bench.example", password: "bench admin password" };
  await expectStatus("signup", admin.json("/api/signup", adminAccount));
  if (!(await admin.login(adminAccount.email, adminAccount.password))) throw new Error("admin login failed");
  const members: HearthClient[] = [];
  for (let i = 0; i < count; i++) {
    const account = { name: `Member ${i + 1}`, email: `member${i + 1}@bench.example`, password: `bench member password ${i + 1}` };
    await expectStatus(`create member ${i + 1}`, admin.json("/api/admin/users", { ...account, role: "member" }));
    const client = new HearthClient(stack.baseUrl);
    if (!(await client.login(account.email, account.password))) throw new Error(`member ${i + 1} login failed`);
    members.push(client);
  }
  return { admin, members };
}

export async function registerModel(admin: HearthClient, name: string, filePath: string): Promise<{ id: string }> {
  const data = await expectStatus<{ model: { id: string } }>("register model", admin.json("/api/admin/models", { name, filePath }));
  return data.model;
}

/** The admin, `count` members and one model (placed from `source` as `file`, registered as `name`) they all may use. */
export async function usersWithModel(stack: Stack, count: number, model: { source: string; file: string; name: string }): Promise<Users> {
  const users = await createUsers(stack, count);
  await placeModel(stack, model.source, model.file);
  await registerModel(users.admin, model.name, model.file);
  return users;
}

/** The chat model answers are timed with: shaped like a real small model (0.6B, Q4_0), the tiny one in quick mode. */
const CHAT_MODEL = QUICK
  ? { options: { ...TINY_MODEL_PRESETS.tiny, vocab: 2048, ctx: 2048 }, file: "bench/tiny-q.gguf" }
  : { options: TINY_MODEL_PRESETS["0.6b"], file: "bench/small-0.6b-q4_0.gguf" };

/** Makes the chat model in `dir`, puts it into the stack's models folder and registers it as "Bench model". */
export async function installChatModel(stack: Stack, admin: HearthClient, dir: string): Promise<{ id: string }> {
  const modelPath = path.join(dir, CHAT_MODEL.file);
  await fs.mkdir(path.dirname(modelPath), { recursive: true });
  await makeTinyGguf({ out: modelPath, ...CHAT_MODEL.options });
  await placeModel(stack, modelPath, CHAT_MODEL.file);
  return registerModel(admin, "Bench model", CHAT_MODEL.file);
}
