// Rendering cost in the browser: Chromium shows a 5,000-token markdown answer streamed at 1,000 tokens/s through the
// built app's real chat (SSE from the web server, fed from Redis by the same GenerationWriter the worker uses), and a
// PerformanceObserver counts long tasks (> 50 ms: the page would stutter or miss a key press).
// Run: npm run bench:render   (BENCH_TOKENS, BENCH_TOKENS_PER_S override the defaults; needs `npm run build`;
// BENCH_QUICK=1: a 300-token answer)
import { chromium, type Page } from "@playwright/test";
import type { Stack } from "@/testkit/stack";
import { TEST_MODEL_FILE } from "@/testkit/stack";
import { elapsed, now, sleep } from "./support/clock";
import { benchAnswer } from "./support/markdown-answer";
import { setting } from "./support/quick";
import { fmt, note, printTable } from "./support/report";
import { createUsers, registerModel, startBenchStack, stopBenchStack } from "./support/stack";

const TOKENS = setting("BENCH_TOKENS", 5000, 300);
const TOKENS_PER_S = Number(process.env.BENCH_TOKENS_PER_S ?? 1000);
const LONG_TASK_MS = 50;
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

type PageMeasure = { longTasks: number[]; at: number[]; frames: number; longestFrameGapMs: number };

/**
 * Installed before the app loads (a string: the page must not see this file's compiled helpers): long tasks, and
 * frame gaps, from when the bench says "go". Each long task notes how much of the answer was on screen then.
 */
const OBSERVE = `
  const bench = (window.__bench = { longTasks: [], at: [], frames: 0, longestFrameGapMs: 0, on: false });
  const shown = () => [...document.querySelectorAll("[data-source]")].pop()?.getAttribute("data-source").length ?? 0;
  new PerformanceObserver((list) => {
    if (bench.on) for (const entry of list.getEntries()) { bench.longTasks.push(entry.duration); bench.at.push(shown()); }
  }).observe({ type: "longtask" });
  let last = performance.now();
  const tick = (t) => {
    if (bench.on) { bench.frames++; bench.longestFrameGapMs = Math.max(bench.longestFrameGapMs, t - last); }
    last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
`;

async function openAnswer(stack: Stack, conversationId: string, account: { email: string; password: string }): Promise<Page> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(OBSERVE);
  await page.goto(`${stack.baseUrl}/login`);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByLabel("Message").waitFor();
  await page.goto(`${stack.baseUrl}/c/${conversationId}`);
  await page.getByTestId("message-assistant").waitFor();
  return page;
}

/** Writes the answer's events as the worker would, `tokens` pieces at `rate` per second. */
async function streamAnswer(messageId: string, pieces: string[]): Promise<{ seconds: number }> {
  const { getRedis } = await import("@/lib/redis");
  const { GenerationWriter } = await import("@/lib/generations/writer");
  const writer = new GenerationWriter(getRedis(), messageId, 1);
  writer.emit({ type: "started", attempt: 1, promptTokens: 20, contextSize: 8192, trimmedTurns: 0 });
  const started = now();
  let sent = 0;
  while (sent < pieces.length) {
    const due = Math.min(pieces.length, Math.floor(((now() - started) / 1000) * TOKENS_PER_S));
    for (; sent < due; sent++) writer.emitText(pieces[sent] as string);
    await sleep(2);
  }
  const seconds = (now() - started) / 1000;
  const content = pieces.join("");
  await writer.finish({ type: "done", content, outputTokens: pieces.length, tokensPerSec: pieces.length / seconds, firstTokenMs: 0 });
  getRedis().disconnect();
  return { seconds };
}

async function main(): Promise<void> {
  const pieces = benchAnswer(TOKENS);
  const text = pieces.join("");
  let stack: Stack | undefined;
  let page: Page | undefined;
  try {
    stack = await startBenchStack({}, { worker: false });
    Object.assign(process.env, stack.env);
    note(`stack up at ${stack.baseUrl} (no worker: the bench writes the answer's events itself)`);
    const { admin } = await createUsers(stack, 0);
    const model = await registerModel(admin, "Tiny", TEST_MODEL_FILE);
    const sent = await admin.json<{ conversationId: string; generationId: string }>("/api/conversations", {
      content: "Write me a long markdown document.",
      modelId: model.id,
    });
    page = await openAnswer(stack, sent.data.conversationId, { email: "admin@bench.example", password: "bench admin password" });
    await page.evaluate(() => {
      (window as unknown as { __bench: { on: boolean } }).__bench.on = true;
    });
    const t0 = now();
    const { seconds } = await streamAnswer(sent.data.generationId, pieces);
    const answer = page.getByTestId("message-assistant").last();
    await answer.and(page.locator('[data-status="done"]')).waitFor({ timeout: 60_000 });
    const renderSeconds = (now() - t0) / 1000;
    const measured = await page.evaluate(() => (window as unknown as { __bench: PageMeasure }).__bench);
    const shown = (await answer.getByTestId("message-content").getAttribute("data-source")) ?? "";
    const codeBlocks = await answer.locator('[data-streamdown="code-block"]').count();
    const tables = await answer.locator("table").count();
    const dropped = shown === text ? 0 : Math.max(1, text.length - commonPrefix(shown, text));
    const longest = Math.max(0, ...measured.longTasks);
    note(`streamed in ${elapsed(t0)}`);
    for (const [i, d] of measured.longTasks.entries()) note(`long task ${d.toFixed(0)} ms with ${measured.at[i]} chars on screen`);

    printTable(
      `Rendering a ${TOKENS}-token markdown answer streamed at ${TOKENS_PER_S} tokens/s (Chromium, built app)`,
      [
        "tokens",
        "chars",
        "stream_s",
        "tokens_per_s",
        "render_s",
        "frames",
        "longest_frame_gap_ms",
        "long_tasks",
        "longest_task_ms",
        "code_blocks",
        "tables",
      ],
      [
        [
          TOKENS,
          text.length,
          fmt(seconds, 2),
          fmt(TOKENS / seconds, 0),
          fmt(renderSeconds, 2),
          measured.frames,
          fmt(measured.longestFrameGapMs, 0),
          measured.longTasks.filter((d) => d > LONG_TASK_MS).length,
          fmt(longest, 0),
          codeBlocks,
          tables,
        ],
      ],
    );
    console.log(`render tokens=${TOKENS} tokens_per_s=${fmt(TOKENS / seconds, 0)} longest_task_ms=${fmt(longest, 0)} dropped=${dropped}`);
  } finally {
    await page?.context().browser()?.close();
    await stopBenchStack(stack);
  }
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
