// Shared helpers for the benches: a stack with given env, signed-in clients, timed sends over HTTP + SSE,
// an in-process node-llama-cpp engine set up exactly like the worker's, percentiles and a table printer.
import fs from "node:fs/promises";
import path from "node:path";
import { type ChatHistoryItem, type Llama, LlamaChatSession } from "node-llama-cpp";
import { compareStreamIds } from "@/lib/stream/events";
import { HearthClient, readEvents, type SseEvent } from "../tests/support/client";
import { type Stack, startStack } from "../tests/support/stack";
import { startLlama } from "../worker/engine/llama";
import { type Lease, ModelHost } from "../worker/engine/model-host";

export type { Stack };
export { compareStreamIds };

export const now = (): number => performance.now();
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------------------
// Stack lifetime

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

/** Starts a stack (database, web, worker) with the given extra env; stop it with stopBenchStack in a finally. */
export async function startBenchStack(extraEnv: Record<string, string>, options: { worker?: boolean } = {}): Promise<Stack> {
  installSignalHandlers();
  const stack = await startStack({ worker: options.worker, extraEnv });
  liveStacks.add(stack);
  return stack;
}

export async function stopBenchStack(stack: Stack | undefined): Promise<void> {
  if (!stack) return;
  liveStacks.delete(stack);
  await stack.stop();
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

// ---------------------------------------------------------------------------------------------------------------
// Accounts and models

export type Users = { admin: HearthClient; members: HearthClient[] };

async function expectStatus<T>(label: string, pending: Promise<{ status: number; data: T }>, status = 201): Promise<T> {
  const result = await pending;
  if (result.status !== status) throw new Error(`${label}: HTTP ${result.status} ${JSON.stringify(result.data)}`);
  return result.data;
}

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

// ---------------------------------------------------------------------------------------------------------------
// Timed sends through the whole pipeline

/** at: performance.now() on arrival; epochAt: Date.now() on arrival, comparable with the ms of the event's Redis id. */
export type TimedEvent = { at: number; epochAt: number; id: string | null; type: string; data: SseEvent["data"] };

export type TimedGeneration = {
  conversationId: string;
  messageId: string;
  /** performance.now() when the POST was started / when its response arrived. */
  postAt: number;
  postedAt: number;
  /** When the events request was opened (right after the POST returned). */
  streamOpenedAt: number;
  /**
   * The first token was written to Redis before the events request was even sent, so it reached the client from
   * the replay log, possibly in one burst with the tokens after it: such a run says nothing about live token rate.
   */
  firstTokenReplayed: boolean;
  /** Per token event: arrival at the client minus its Redis XADD time (ms; same machine, same clock). */
  tokenLagMs: number[];
  startedAt: number | null;
  firstTokenAt: number | null;
  lastTokenAt: number | null;
  finalAt: number;
  finalType: string;
  tokenEvents: number;
  /** outputTokens from the final event (the worker's count), or the token-event count when absent. */
  outputTokens: number;
  text: string;
  /** The worker's own numbers from the final event. */
  workerFirstTokenMs: number | null;
  workerTokensPerSec: number | null;
  /** Redis Stream ids (server clock) of the queued and started events: comparable across generations. */
  queuedId: string | null;
  startedId: string | null;
  events: TimedEvent[];
};

/** From POST start to the first token event, in ms. */
export function ttftMs(g: TimedGeneration): number | null {
  return g.firstTokenAt === null ? null : g.firstTokenAt - g.postAt;
}

/**
 * Tokens after the first ÷ time from the first to the last token event, at the client. The worker may batch
 * several tokens into one token event (lib/stream/writer.ts TEXT_BATCH_MS), so tokens are counted with the final
 * event's outputTokens, less the one token the first token event carries (the writer sends the first at once);
 * with one event per token this equals token events after the first ÷ the same time.
 */
export function clientTokensPerSec(g: TimedGeneration): number | null {
  if (g.firstTokenAt === null || g.lastTokenAt === null || g.outputTokens < 2 || g.lastTokenAt <= g.firstTokenAt) return null;
  return (g.outputTokens - 1) / ((g.lastTokenAt - g.firstTokenAt) / 1000);
}

/** Token events after the first ÷ the same time: the event rate the browser sees. */
export function clientEventsPerSec(g: TimedGeneration): number | null {
  if (g.firstTokenAt === null || g.lastTokenAt === null || g.tokenEvents < 2 || g.lastTokenAt <= g.firstTokenAt) return null;
  return (g.tokenEvents - 1) / ((g.lastTokenAt - g.firstTokenAt) / 1000);
}

export type Sent = { conversationId: string; assistantMessageId: string; postAt: number; postedAt: number };

/** POSTs a message: a new conversation unless conversationId is given. */
export async function post(client: HearthClient, content: string, conversationId?: string): Promise<Sent> {
  const postAt = now();
  const url = conversationId ? `/api/conversations/${conversationId}/messages` : "/api/conversations";
  const data = await expectStatus<{ conversationId?: string; assistantMessageId: string }>("send", client.json(url, { content }));
  return {
    conversationId: data.conversationId ?? conversationId ?? "",
    assistantMessageId: data.assistantMessageId,
    postAt,
    postedAt: now(),
  };
}

/** Follows a sent message's SSE stream to its final event, timestamping every event on arrival. */
export async function follow(client: HearthClient, sent: Sent, onEvent?: (e: TimedEvent) => void): Promise<TimedGeneration> {
  const events: TimedEvent[] = [];
  const streamOpenedAt = now();
  const streamOpenedEpoch = Date.now();
  await readEvents(client, sent.assistantMessageId, {
    onEvent: (e) => {
      const timed = { at: now(), epochAt: Date.now(), id: e.id, type: e.data.type, data: e.data };
      events.push(timed);
      onEvent?.(timed);
    },
  });
  const final = events.at(-1);
  if (!final || !["done", "stopped", "failed"].includes(final.type))
    throw new Error(`generation ${sent.assistantMessageId} ended without a final event`);
  if (final.type === "failed") throw new Error(`generation failed: ${String(final.data.error)}`);
  // A retried attempt restarts the text: count only the last attempt's tokens.
  const lastStart = events.findLastIndex((e) => e.type === "started");
  const attemptEvents = lastStart >= 0 ? events.slice(lastStart) : events;
  const tokens = attemptEvents.filter((e) => e.type === "token");
  const started = lastStart >= 0 ? events[lastStart] : undefined;
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  return {
    conversationId: sent.conversationId,
    messageId: sent.assistantMessageId,
    postAt: sent.postAt,
    postedAt: sent.postedAt,
    streamOpenedAt,
    firstTokenReplayed: tokens[0]?.id ? streamIdMs(tokens[0].id) < streamOpenedEpoch : false,
    tokenLagMs: tokens.filter((e) => e.id).map((e) => e.epochAt - streamIdMs(e.id as string)),
    startedAt: started?.at ?? null,
    firstTokenAt: tokens[0]?.at ?? null,
    lastTokenAt: tokens.at(-1)?.at ?? null,
    finalAt: final.at,
    finalType: final.type,
    tokenEvents: tokens.length,
    outputTokens: num(final.data.outputTokens) ?? tokens.length,
    text: tokens.map((e) => String(e.data.text)).join(""),
    workerFirstTokenMs: num(final.data.firstTokenMs),
    workerTokensPerSec: num(final.data.tokensPerSec),
    queuedId: events.find((e) => e.type === "queued")?.id ?? null,
    startedId: started?.id ?? null,
    events,
  };
}

/** The server clock (ms since the epoch) in a Redis Stream id "ms-seq". */
export function streamIdMs(id: string): number {
  return Number(id.split("-")[0]);
}

/** POST → SSE to the final event, timed. */
export async function sendTimed(
  client: HearthClient,
  content: string,
  options: { conversationId?: string; onEvent?: (e: TimedEvent) => void } = {},
) {
  const sent = await post(client, content, options.conversationId);
  return follow(client, sent, options.onEvent);
}

// ---------------------------------------------------------------------------------------------------------------
// Raw node-llama-cpp, set up like the worker (worker/engine/llama.ts + model-host.ts)

export type RawEngine = {
  llama: Llama;
  host: ModelHost;
  acquire: () => Promise<Lease>;
  dispose: () => Promise<void>;
};

export async function openRawEngine(options: {
  modelsDir: string;
  filePath: string;
  /** The model's trained context (llama.context_length), as the app stores it. */
  modelContextLength: number;
  threads: number;
  sequences: number;
  contextSize: number;
}): Promise<RawEngine> {
  const llama = await startLlama({ HEARTH_GPU: "false", HEARTH_WORKER_THREADS: options.threads, HEARTH_DEBUG_ENGINE: false });
  const host = new ModelHost(llama, {
    modelsDir: options.modelsDir,
    sequences: options.sequences,
    contextSize: options.contextSize,
    threads: options.threads,
  });
  const spec = { id: "bench", filePath: options.filePath, contextLength: options.modelContextLength };
  return {
    llama,
    host,
    acquire: () => host.acquire(spec),
    dispose: async () => {
      await host.unload();
      await llama.dispose();
    },
  };
}

export type RawRun = {
  promptAt: number;
  firstTokenAt: number | null;
  lastTokenAt: number | null;
  endAt: number;
  tokens: number;
  textChunks: number;
  text: string;
};

export function rawTtftMs(r: RawRun): number | null {
  return r.firstTokenAt === null ? null : r.firstTokenAt - r.promptAt;
}

/** Tokens after the first ÷ time from the first to the last token. */
export function rawTokensPerSec(r: RawRun): number | null {
  if (r.firstTokenAt === null || r.lastTokenAt === null || r.tokens < 2 || r.lastTokenAt <= r.firstTokenAt) return null;
  return (r.tokens - 1) / ((r.lastTokenAt - r.firstTokenAt) / 1000);
}

/** One generation on a leased sequence, the way worker/generate.ts runs it (fresh session, same sampling). */
export async function rawGenerate(lease: Lease, prompt: string, maxTokens: number, history: ChatHistoryItem[] = []): Promise<RawRun> {
  const session = new LlamaChatSession({ contextSequence: lease.sequence, autoDisposeSequence: false });
  session.setChatHistory(history);
  let firstTokenAt: number | null = null;
  let lastTokenAt: number | null = null;
  let tokens = 0;
  let textChunks = 0;
  const promptAt = now();
  try {
    const { responseText } = await session.promptWithMeta(prompt, {
      maxTokens,
      temperature: 0.7,
      onToken: (t) => {
        const at = now();
        firstTokenAt ??= at;
        lastTokenAt = at;
        tokens += t.length;
      },
      onTextChunk: () => {
        textChunks++;
      },
    });
    return { promptAt, firstTokenAt, lastTokenAt, endAt: now(), tokens, textChunks, text: responseText };
  } finally {
    session.dispose({ disposeSequence: false });
    await lease.sequence.clearHistory();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers and tables

/** Linear-interpolated percentile (p in 0..100) of the finite values; NaN when there are none. */
export function percentile(values: (number | null | undefined)[], p: number): number {
  const sorted = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (rank - lo);
}

export function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

export function fmt(value: number | null | undefined, digits = 1): string {
  return typeof value === "number" && Number.isFinite(value) ? value.toFixed(digits) : "-";
}

/** Prints rows under headers with aligned columns: text left-aligned, numbers right-aligned. */
export function printTable(title: string, headers: string[], rows: (string | number)[][]): void {
  const cells = rows.map((row) => headers.map((_, i) => String(row[i] ?? "")));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] as string).length)));
  const numeric = headers.map((_, i) => cells.length > 0 && cells.every((r) => /^-?[\d.]+%?$|^-$/.test(r[i] as string)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join("  ")
      .trimEnd();
  console.log(`\n${title}`);
  console.log(line(headers));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of cells) console.log(line(r));
}

/** Progress notes go to stderr so stdout holds the tables and the result line. */
export function note(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export function elapsed(since: number): string {
  return `${((now() - since) / 1000).toFixed(1)} s`;
}

// ---------------------------------------------------------------------------------------------------------------
// CPU accounting: the benches share a small machine, so each phase reports how much CPU went to processes that
// are not this bench or its children (other people's builds and tests), which would skew its numbers.

const CLOCK_TICKS = 100; // USER_HZ on Linux

type CpuSnapshot = { at: number; busyTicks: number; ours: Map<number, number>; ownUsage: NodeJS.CpuUsage };

async function readProcStatBusy(): Promise<number> {
  const line = (await fs.readFile("/proc/stat", "utf8")).split("\n")[0] ?? "";
  const [, user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).map(Number);
  return user + nice + system + irq + softirq + steal;
}

/** utime+stime ticks of every live descendant of this process. */
async function descendantTicks(): Promise<Map<number, number>> {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const name of await fs.readdir("/proc").catch(() => [] as string[])) {
    if (!/^\d+$/.test(name)) continue;
    const text = await fs.readFile(`/proc/${name}/stat`, "utf8").catch(() => "");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    if (fields.length < 13) continue;
    stats.set(Number(name), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
  }
  const ours = new Map<number, number>();
  const isOurs = (pid: number): boolean => {
    for (let p = stats.get(pid)?.ppid, depth = 0; p !== undefined && p > 1 && depth < 64; p = stats.get(p)?.ppid, depth++) {
      if (p === process.pid) return true;
    }
    return false;
  };
  for (const [pid, s] of stats) if (isOurs(pid)) ours.set(pid, s.ticks);
  return ours;
}

export async function cpuSnapshot(): Promise<CpuSnapshot> {
  return { at: now(), busyTicks: await readProcStatBusy(), ours: await descendantTicks(), ownUsage: process.cpuUsage() };
}

/** Average cores busy since the snapshot: all processes, this bench and its children, everything else. */
export async function cpuSince(start: CpuSnapshot): Promise<{ seconds: number; all: number; ours: number; others: number }> {
  const end = await cpuSnapshot();
  const seconds = (end.at - start.at) / 1000;
  const all = (end.busyTicks - start.busyTicks) / CLOCK_TICKS;
  let children = 0;
  for (const [pid, ticks] of end.ours) children += ticks - (start.ours.get(pid) ?? 0);
  const own = process.cpuUsage(start.ownUsage);
  const ours = children / CLOCK_TICKS + (own.user + own.system) / 1e6;
  return { seconds, all: all / seconds, ours: ours / seconds, others: Math.max(0, all - ours) / seconds };
}
