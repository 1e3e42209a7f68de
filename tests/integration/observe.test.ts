// Running Hearth unattended: the worker refuses GPU backends that abort or hang and says so, the
// health check compose uses, /metrics for admins and scrapers only, and one generation id in the
// web's and the worker's JSON logs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerText, type HearthClient, readEvents } from "@/testkit/client";
import { setUpFamily, startChat } from "@/testkit/family";
import { type Stack, startStack, TEST_MODEL_FILE } from "@/testkit/stack";

const METRICS_TOKEN = "scraper-token-0123456789abcdef";
let stack: Stack;
let admin: HearthClient;
let member: HearthClient;

beforeAll(async () => {
  stack = await startStack({
    extraEnv: {
      // The machine has no GPU; the test hook makes the CUDA probe hang and the Vulkan probe abort, as a
      // driver older than the CUDA build once did, and the worker must still come up on the CPU.
      HEARTH_GPU: "auto",
      HEARTH_PROBE_FAULT: "cuda:hang,vulkan:abort",
      HEARTH_PROBE_TIMEOUT_MS: "8000",
      HEARTH_WORKER_THREADS: "auto",
      HEARTH_METRICS_TOKEN: METRICS_TOKEN,
    },
  });
  const family = await setUpFamily(stack, ["Ben"]);
  admin = family.admin;
  member = family.members[0] as HearthClient;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

/** Polls until the check passes (the worker reports every few seconds). */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe("health", () => {
  it("answers ok when the database and Redis answer", async () => {
    const response = await fetch(`${stack.baseUrl}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, db: true, redis: true });
  });
});

describe("backend probe", () => {
  it("refuses a backend that hangs and one that aborts, and generates on the CPU", async () => {
    const page = await (await admin.fetch("/admin")).text();
    expect(page).toMatch(/CPU on [^<]+ GB\)/);
    expect(page).toContain("CUDA not used: did not answer within 8 s (hung)");
    expect(page).toContain("Vulkan not used: the process was killed by SIGABRT");
    // The same reasons in a Chinese admin's words, not the worker's English.
    const zh = await (await admin.fetch("/admin", { headers: { "accept-language": "zh-CN" } })).text();
    expect(zh).toContain("未使用 CUDA：8 秒内没有回应（卡住了）");
    expect(zh).toContain("未使用 Vulkan：测试进程被 SIGABRT 终止");
    const log = stack.output().worker;
    expect(log).toMatch(/"backend":"cuda","reason":"did not answer within 8 s \(hung\)"/);
    expect(log).toMatch(/llama.cpp ready: backend=cpu/);
  });
});

describe("metrics", () => {
  let generationId = "";

  it("counts a generation: time to first token, tokens/s, the loaded model and the backend", async () => {
    const { generationId: messageId } = await startChat(member, "Hello from the metrics test");
    generationId = messageId;
    expect(answerText(await readEvents(member, messageId)).length).toBeGreaterThan(0);
    const body = await eventually(
      async () => (await admin.fetch("/metrics")).text(),
      (text) => /hearth_generation_first_token_seconds_count 1\b/.test(text),
    );
    expect(body).toMatch(/hearth_generation_first_token_seconds_count 1\b/);
    expect(body).toMatch(/hearth_generation_tokens_per_second_count 1\b/);
    expect(body).toMatch(/hearth_generation_wait_seconds_count 1\b/);
    expect(body).toMatch(/hearth_generations_total\{status="done"\} 1\b/);
    expect(body).toMatch(/hearth_queue_depth\{state="waiting"\} 0\b/);
    expect(body).toMatch(/hearth_workers_online 1\b/);
    expect(body).toMatch(/hearth_worker_backend_info\{worker="[^"]+",backend="cpu",device="[^"]+"\} 1\b/);
    expect(body).toContain(`file="${TEST_MODEL_FILE}"} 1`);
    expect(body).toMatch(/hearth_worker_memory_bytes\{worker="[^"]+"\} [1-9]\d+/);
    expect(body).toMatch(/hearth_active_generations\{worker="[^"]+"\} 0\b/);
    // Thread count auto: on a machine with 2 usable cores only 1 thread is worth trying.
    expect(body).toMatch(/hearth_worker_threads\{worker="[^"]+",model="[^"]+"\} [1-9]/);
  });

  it("refuses anonymous clients, even one that claims to be local, and members", async () => {
    const anonymous = await fetch(`${stack.baseUrl}/metrics`, { headers: { "x-forwarded-for": "127.0.0.1" } });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain("hearth_");
    const byMember = await member.fetch("/metrics");
    expect(byMember.status).toBe(403);
    const wrongToken = await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: "Bearer not-the-token-at-all" } });
    expect(wrongToken.status).toBe(401);
  });

  it("lets a scraper with the metrics token in", async () => {
    const response = await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await response.text()).toContain("hearth_queue_depth");
  });

  it("logs the generation as JSON with the same id on the web and in the worker", () => {
    const lines = (text: string) =>
      text
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    const web = lines(stack.output().web).filter((l) => l.generationId === generationId);
    const worker = lines(stack.output().worker).filter((l) => l.generationId === generationId);
    expect(web.map((l) => l.msg)).toContain("generation queued");
    expect(worker.map((l) => l.msg)).toEqual(expect.arrayContaining(["generation started", "generation finished"]));
    expect(worker.find((l) => l.msg === "generation finished")).toMatchObject({ service: "worker", status: "done" });
  });

  it("writes nothing but JSON log lines from the worker, from the backend probe to the generation's end", () => {
    const written = stack
      .output()
      .worker.split("\n")
      .filter((l) => l.trim() !== "");
    // The probe's refusals, the thread trial and the generation were all logged by now.
    expect(written.length).toBeGreaterThan(5);
    const notJson = written.filter((l) => {
      try {
        return typeof JSON.parse(l).msg !== "string";
      } catch {
        return true;
      }
    });
    expect(notJson).toEqual([]);
    expect(written.map((l) => JSON.parse(l).service)).toEqual(written.map(() => "worker"));
  });
});
