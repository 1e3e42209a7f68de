// `npm run test:faults`: Hearth under faults, on its own PostgreSQL and Redis (only processes started here are
// ever stopped or killed). After each fault, every answer is stored complete or clearly failed, none is
// duplicated, and a new message is answered without anyone stepping in. Prints a scenario → outcome table.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeFailure } from "@/lib/i18n/failure";
import { type HearthClient, readEvents, type SseEvent } from "@/testkit/client";
import { type FakeHuggingFace, startFakeHuggingFace } from "@/testkit/fake-huggingface";
import { setUpFamily, startChat } from "@/testkit/family";
import { installSlowModel } from "@/testkit/models";
import { createPostgresServer, type PostgresServer } from "@/testkit/postgres-server";
import { createRedisServer, type RedisServer } from "@/testkit/redis-server";
import { type Stack, startStack } from "@/testkit/stack";
import { makeTinyGguf } from "@/tools/gguf/tiny-model";
import { mountSmallDisk } from "./disk";
import { inspect, type Outcome, outcomeTable, type Sent } from "./outcomes";

/** Every answer runs to this many tokens (the generated models never end on their own). */
const MAX_TOKENS = Number(process.env.FAULTS_MAX_TOKENS ?? 120);
const WORKER_KILLS = Number(process.env.FAULTS_WORKER_KILLS ?? 20);
const POSTGRES_DOWN_MS = 10_000;

let postgres: PostgresServer;
let redis: RedisServer;
let stack: Stack;
let member: HearthClient;
let admin: HearthClient;
let hub: FakeHuggingFace;
let slowId = "";
const outcomes: Outcome[] = [];

beforeAll(async () => {
  [postgres, redis] = await Promise.all([createPostgresServer(), createRedisServer()]);
  await redis.start();
  hub = await startFakeHuggingFace({ bytesPerSecond: 4_000_000 });
  stack = await startStack({
    adminDatabaseUrl: postgres.adminUrl,
    extraEnv: {
      REDIS_URL: redis.url,
      HEARTH_JOB_LOCK_MS: "1000",
      HEARTH_MAX_OUTPUT_TOKENS: String(MAX_TOKENS),
      HF_ENDPOINT: hub.url,
      // No floor: the pull must start, and the disk fill up under it.
      HEARTH_MIN_FREE_DISK_BYTES: "0",
    },
  });
  const family = await setUpFamily(stack, ["Faye"]);
  [member] = family.members as [HearthClient];
  admin = family.admin;
  // Slow enough on a CPU that an answer is still being written when the fault strikes.
  slowId = await installSlowModel(stack.modelsDir, family.admin);
}, 180_000);

afterAll(async () => {
  console.log(`\nfaults (${MAX_TOKENS}-token answers)\n${outcomeTable(outcomes)}`);
  await stack?.stop();
  await hub?.close();
  await redis?.kill();
  await postgres?.destroy();
}, 60_000);

/** Reads a generation's events; `onFirstToken` runs once, when the first token arrives (mid-answer). */
async function follow(sent: { generationId: string }, onFirstToken?: () => Promise<void>): Promise<SseEvent[]> {
  let fault: Promise<void> | null = null;
  const events = await readEvents(member, sent.generationId, {
    onEvent: (e) => {
      if (e.data.type === "token" && onFirstToken && !fault) fault = onFirstToken();
    },
  });
  await fault;
  return events;
}

async function servesAgain(): Promise<boolean> {
  const sent = await startChat(member, "Are you still there?", slowId);
  const events = await follow(sent);
  return events.at(-1)?.data.type === "done";
}

async function record(scenario: string, sent: Sent[], extra: string[] = []): Promise<void> {
  const { rows, problems } = await inspect({
    databaseUrl: stack.env.DATABASE_URL ?? "",
    sent,
    maxOutputTokens: MAX_TOKENS,
    timeoutMs: 90_000,
  });
  const answers = rows.filter((r) => sent.some((s) => s.generationId === r.id));
  const outcome: Outcome = {
    scenario,
    answers: sent.length,
    done: answers.filter((r) => r.status === "done").length,
    failed: answers.filter((r) => r.status === "failed").length,
    problems: [...extra, ...problems],
    servesAgain: await servesAgain(),
  };
  outcomes.push(outcome);
  expect(outcome.problems).toEqual([]);
  expect(outcome.servesAgain).toBe(true);
}

type Pull = { id: string; status: string; downloadedBytes: number; error: string | null; modelId: string | null };

async function waitForPull(id: string, until: (p: Pull) => boolean): Promise<Pull> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const { data } = await admin.json<{ pulls: Pull[] }>("/api/admin/pulls");
    const pull = data.pulls.find((p) => p.id === id);
    if (pull && until(pull)) return pull;
    if (Date.now() > deadline) throw new Error(`pull stuck: ${JSON.stringify(pull)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** What a pull left behind after the disk filled: problems, if any, in words. */
async function afterDiskFull(pull: Pull, partial: string): Promise<string[]> {
  const problems: string[] = [];
  if (pull.status !== "failed") problems.push(`pull ${pull.status}, not failed`);
  if (decodeFailure(pull.error ?? "")?.key !== "pullDiskFull") problems.push(`pull error does not say the disk is full: ${pull.error}`);
  if (
    await fs.stat(partial).then(
      () => true,
      () => false,
    )
  )
    problems.push("the partial download was left on disk");
  const { data } = await admin.json<{ models: { filePath: string }[] }>("/api/admin/models");
  if (pull.modelId || data.models.some((m) => m.filePath.includes("Huge"))) problems.push("a model was registered");
  return problems;
}

describe("faults", () => {
  it("the models disk fills up during a pull", async () => {
    const scratch = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-faults-pull-"));
    // ≈ 31 MB, pulled onto a 40 MB disk that something else fills once the download is under way.
    const source = path.join(scratch, "huge.gguf");
    await makeTinyGguf({ out: source, layers: 4, embd: 768, ff: 2048, vocab: 2048, ctx: 1024, type: "q8_0" });
    await hub.addFile("acme/Huge-GGUF", "huge.gguf", source);
    const disk = await mountSmallDisk(path.join(stack.modelsDir, ".pulls"), 40 * 1024 * 1024);
    try {
      const started = await admin.json<{ pull: Pull }>("/api/admin/pulls", { repo: "acme/Huge-GGUF", file: "huge.gguf" });
      expect(started.status).toBe(201);
      const id = started.data.pull.id;
      await waitForPull(id, (p) => p.downloadedBytes > 0);
      await disk.fill(4 * 1024 * 1024);
      const pull = await waitForPull(id, (p) => p.status === "failed" || p.status === "done");
      await record("models disk fills up during a pull", [], await afterDiskFull(pull, path.join(stack.modelsDir, ".pulls", id)));
    } finally {
      await disk.unmount();
      await fs.rm(scratch, { recursive: true, force: true });
    }
  }, 180_000);

  it(`worker killed (SIGKILL) mid-answer ${WORKER_KILLS} times in a row`, async () => {
    const sent: Sent[] = [];
    // A kill that lands after a (fast) answer ended does not count: go on until WORKER_KILLS landed mid-answer.
    let midAnswer = 0;
    for (let round = 1; midAnswer < WORKER_KILLS && round <= WORKER_KILLS * 1.5; round++) {
      // The fast default model: each round costs a worker restart, so the answer itself must be quick.
      const chat = await startChat(member, `Crash number ${round}`);
      const events = await follow(chat, () => stack.stopWorker("SIGKILL").then(() => stack.startWorker()));
      if (events.some((e) => e.data.type === "retrying")) midAnswer++;
      sent.push({ ...chat, events });
    }
    const short = midAnswer < WORKER_KILLS ? [`only ${midAnswer} of the kills landed mid-answer`] : [];
    await record(`worker kill -9 mid-answer ×${midAnswer}`, sent, short);
  }, 600_000);

  it("Redis killed mid-answer and restarted empty", async () => {
    const chats = [
      await startChat(member, "First, while Redis dies", slowId),
      await startChat(member, "Second, while Redis dies", slowId),
      await startChat(member, "Third, queued while Redis dies", slowId),
    ];
    const [first, ...rest] = chats as [Sent, ...Sent[]];
    await follow(first, () => redis.kill().then(() => redis.start()));
    await record("Redis restart (empty) mid-answer", [first, ...rest]);
  }, 180_000);

  it("web server killed mid-answer and started again", async () => {
    const chat = await startChat(member, "A long answer, please.", slowId);
    const head = await readEvents(member, chat.generationId, { limit: 8 });
    const lastEventId = head.at(-1)?.id ?? undefined;
    await stack.restartWeb("SIGKILL");
    const tail = await readEvents(member, chat.generationId, { lastEventId });
    const events = [...head, ...tail];
    const ids = events.map((e) => e.id).filter(Boolean);
    const repeated = ids.length === new Set(ids).size ? [] : ["an event was streamed twice"];
    await record("web restart (SIGKILL) mid-answer", [{ ...chat, events }], repeated);
  }, 180_000);

  it(`PostgreSQL stopped for ${POSTGRES_DOWN_MS / 1000} s mid-answer`, async () => {
    const chats = [
      await startChat(member, "First, while the database is away", slowId),
      await startChat(member, "Second, while the database is away", slowId),
      await startChat(member, "Third, queued while the database is away", slowId),
    ];
    const [first, ...rest] = chats as [Sent, ...Sent[]];
    const events = await follow(first, async () => {
      await postgres.stop("fast");
      await new Promise((r) => setTimeout(r, POSTGRES_DOWN_MS));
      await postgres.start();
    });
    await record(`PostgreSQL down ${POSTGRES_DOWN_MS / 1000} s mid-answer`, [{ ...first, events }, ...rest]);
  }, 240_000);
});
