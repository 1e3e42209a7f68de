// Answers render as markdown while they stream, safely and without the outside world, on a desktop and a phone.
// The answers come from generated "scripted" models through the real worker and stream.
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { MARKDOWN_ANSWER, MARKDOWN_MODEL_FILE, TRICKY_ANSWER, TRICKY_MODEL_FILE } from "@/testkit/answers";
import { SLOW_MODEL_FILE } from "@/testkit/models";
import { admin } from "./family";
import { AuthPage, baseUrl, ChatPage } from "./pages";

const MODELS = { Markdown: MARKDOWN_MODEL_FILE, Tricky: TRICKY_MODEL_FILE, "Slow Llama": SLOW_MODEL_FILE };

/**
 * Every request that leaves 127.0.0.1 is refused and remembered, and so is every dialog (alert, confirm) the
 * page opens: an answer's content must cause neither.
 */
async function watchOutsideAndDialogs(page: Page, context: BrowserContext): Promise<{ outside: string[]; dialogs: string[] }> {
  const outside: string[] = [];
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1") return route.continue();
    outside.push(url.href);
    return route.abort("blockedbyclient");
  });
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return { outside, dialogs };
}

/** Signs in as the admin (signing the family up first when this file runs alone) and makes sure the models exist. */
async function signInWithModels(page: Page): Promise<ChatPage> {
  await page.request.post(`${baseUrl()}/api/signup`, { data: admin });
  await new AuthPage(page).signIn(admin.email, admin.password);
  // A family with no model yet greets its admin with the first-run page: the models are registered first.
  await expect(page.getByRole("link", { name: "New chat" })).toBeVisible();
  const { models } = (await (await page.request.get(`${baseUrl()}/api/admin/models`)).json()) as { models: { filePath: string }[] };
  for (const [name, filePath] of Object.entries(MODELS)) {
    if (models.some((m) => m.filePath === filePath)) continue;
    const created = await page.request.post(`${baseUrl()}/api/admin/models`, { data: { name, filePath } });
    expect(created.status()).toBe(201);
  }
  await page.reload();
  await expect(page.getByLabel("Message")).toBeVisible();
  return new ChatPage(page);
}

/** Opens a new conversation with the model, the page fully loaded (its code highlighter's worker included). */
async function newChatWith(page: Page, model: keyof typeof MODELS) {
  await page.goto(baseUrl());
  await page.getByLabel("Model").selectOption({ label: model });
  await page.waitForLoadState("networkidle");
}

/** Sends in the open conversation; the answer's partial states are recorded (ChatPage.partialStates). */
async function sendWatched(page: Page, text: string) {
  const chat = new ChatPage(page);
  await chat.watchNextAnswer();
  await chat.send(text);
}

/** Starts a new conversation with the model and sends. */
async function ask(page: Page, model: keyof typeof MODELS, text: string) {
  await newChatWith(page, model);
  await sendWatched(page, text);
}

test("a markdown answer shows highlighted code, a table and math, with nothing fetched from outside", async ({
  page,
  context,
}, testInfo) => {
  const { outside, dialogs } = await watchOutsideAndDialogs(page, context);
  const chat = await signInWithModels(page);
  await newChatWith(page, "Markdown");
  // A fast machine streams the whole answer in one paint; a slow link makes the partial states observable everywhere.
  // Slowed once the page has loaded: the answer's stream then has the link to itself.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: 16_000, uploadThroughput: -1 });
  await sendWatched(page, "How do I bake bread?");
  const answer = chat.lastAnswer();
  await expect(answer).toHaveAttribute("data-status", "done");
  expect(await chat.source(answer)).toBe(MARKDOWN_ANSWER);
  // It was rendered while it streamed: painted before the answer ended, each painted state a prefix of it.
  // (This scripted model writes ~2,000 tokens a second in a few bursts and the page lays markdown out at most
  // every 100 ms, so how much of it is on screen at the first paint depends on the machine — on a fast one, all
  // of it; chat.spec.ts counts several partial states with a slower model.)
  const states = await chat.partialStates();
  expect(states.length).toBeGreaterThanOrEqual(1);
  for (const state of states) expect(MARKDOWN_ANSWER.startsWith(state)).toBe(true);
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  const content = answer.getByTestId("message-content");
  await test.step("heading, list and table", async () => {
    await expect(content.getByRole("heading", { name: "Baking bread at home" })).toBeVisible();
    await expect(content.locator("ol > li")).toHaveCount(3);
    const flour = content.getByText("Flour", { exact: true });
    expect(Number(await flour.evaluate((el) => getComputedStyle(el).fontWeight))).toBeGreaterThanOrEqual(600);
    const table = content.getByRole("table");
    await expect(table.getByRole("columnheader")).toHaveText(["Step", "Time", "Temperature", "Tip"]);
    await expect(table.getByRole("row")).toHaveCount(4);
    await expect(content).not.toContainText("|---");
  });

  await test.step("code: highlighted, its language shown, a copy button that copies it", async () => {
    const block = content.locator('[data-streamdown="code-block"]').filter({ hasText: "def loaves" });
    await expect(block).toContainText("python");
    // shiki colours tokens with inline colour variables; plain text would have none.
    await expect(block.locator("pre span[style*='--sdm-c']").first()).toBeAttached();
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await block.getByRole("button", { name: /copy/i }).click();
    expect((await page.evaluate(() => navigator.clipboard.readText())).trimEnd()).toBe(
      "def loaves(flour_grams: int) -> float:\n    return flour_grams / 500",
    );
  });

  await test.step("math rendered by KaTeX with its own fonts, served by Hearth", async () => {
    await expect(content.locator(".katex").first()).toBeVisible();
    await expect(content.locator(".katex-display")).toHaveCount(1);
    // Laid out by KaTeX (the TeX source survives only in the hidden MathML annotation).
    await expect(content.locator(".katex-display .katex-html .mfrac")).toBeVisible();
    await page.evaluate(() => document.fonts.ready);
    expect(await page.evaluate(() => document.fonts.check("16px KaTeX_Main"))).toBe(true);
  });

  await test.step("links open in a new tab without telling the site where they came from", async () => {
    const link = content.getByRole("link", { name: "the recipe" });
    await expect(link).toHaveAttribute("href", "https://example.org/recipe");
    await expect(link).toHaveAttribute("target", "_blank");
    await expect(link).toHaveAttribute("rel", "noopener noreferrer");
  });

  await test.step("screenshots: light and dark, desktop and phone", async () => {
    for (const [device, size] of [
      ["desktop", { width: 1280, height: 900 }],
      ["phone", { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(size);
      // The conversation scrolls inside the page: a viewport as tall as the conversation shows the whole answer.
      const tall = await page.getByTestId("message-list").evaluate((el) => el.scrollHeight + window.innerHeight - el.clientHeight);
      await page.setViewportSize({ width: size.width, height: Math.min(4000, Math.max(size.height, tall)) });
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        const file = testInfo.outputPath(`markdown-answer-${device}-${colorScheme}.png`);
        await page.screenshot({ path: file });
        await testInfo.attach(`markdown answer, ${device}, ${colorScheme}`, { path: file, contentType: "image/png" });
      }
    }
    await page.emulateMedia({ colorScheme: null });
  });

  expect(outside).toEqual([]);
  expect(dialogs).toEqual([]);
});

test("HTML, script links and remote images in an answer or a message stay inert", async ({ page, context }) => {
  const { outside, dialogs } = await watchOutsideAndDialogs(page, context);
  const chat = await signInWithModels(page);
  const message = `<script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3)) ![](http://evil.example/m.png)`;
  await ask(page, "Tricky", message);
  await expect(page.getByTestId("message-user").last()).toHaveText(message);
  const answer = chat.lastAnswer();
  await expect(answer).toHaveAttribute("data-status", "done");
  expect(await chat.source(answer)).toBe(TRICKY_ANSWER);

  const content = answer.getByTestId("message-content");
  await expect(content).toContainText("Careful now:");
  await expect(content).toContainText("click me");
  await expect(content.getByRole("link", { name: "click me" })).toHaveCount(0);
  await expect(content.getByRole("link", { name: "data link" })).toHaveCount(0);
  // The remote image is offered as a link to open, never loaded.
  await expect(content.getByTestId("image-placeholder")).toHaveText(/tracker/);
  await expect(page.locator("main img, main iframe, main script")).toHaveCount(0);
  for (const href of await content.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""))) {
    expect(href).toMatch(/^(https?:|mailto:)/);
  }
  await page.reload();
  await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done");
  await expect(page.locator("main img, main iframe, main script")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(outside).toEqual([]);
});

test("on a 390 px phone a long link never widens the page; wide code and tables scroll in their own box", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const chat = await signInWithModels(page);
  const link = `https://example.com/${"long-unbroken-path-".repeat(6)}end`;
  expect(link.length).toBeGreaterThanOrEqual(130);
  await ask(page, "Markdown", link);
  await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done");
  const fits = () => page.evaluate(() => (document.scrollingElement?.scrollWidth ?? 0) <= window.innerWidth);
  expect(await fits()).toBe(true);
  // Typed but not yet sent, the long line still leaves Send on screen.
  await page.getByLabel("Message").fill("x".repeat(300));
  expect(await fits()).toBe(true);
  const send = page.getByRole("button", { name: "Send" });
  await expect(send).toBeInViewport({ ratio: 1 });
  const content = chat.lastAnswer().getByTestId("message-content");
  for (const box of [content.locator("pre").filter({ hasText: "0123456789" }), content.getByRole("table")]) {
    // The nearest box that scrolls sideways holds the overflow, and is itself no wider than the screen.
    const scroller = await box.evaluate((el) => {
      let node: HTMLElement | null = el as HTMLElement;
      while (node && !["auto", "scroll"].includes(getComputedStyle(node).overflowX)) node = node.parentElement;
      return node && { overflowing: node.scrollWidth > node.clientWidth, right: node.getBoundingClientRect().right, tag: node.tagName };
    });
    expect(scroller).toMatchObject({ overflowing: true });
    expect(scroller?.right).toBeLessThanOrEqual(390);
  }
});

test("answer details open from the info button, by keyboard too, and tell what the person waited", async ({ page }) => {
  const chat = await signInWithModels(page);
  await ask(page, "Markdown", "Details, please");
  const answer = chat.lastAnswer();
  await expect(answer).toHaveAttribute("data-status", "done");
  await expect(answer).not.toContainText("tok/s");
  const button = answer.getByRole("button", { name: "Answer details" });
  await expect(button).toHaveAttribute("aria-expanded", "false");
  await button.focus();
  await page.keyboard.press("Enter");
  const panel = answer.getByTestId("answer-details");
  await expect(panel).toContainText(/Started writing after \d+\.\d seconds/);
  await expect(panel).toContainText(/Finished after/);
  await expect(panel).toContainText(/Length: \d+ tokens/);
  await expect(panel).toContainText(/Speed: [\d,]+ tokens a second/);
  // The wait shown is the one measured in the browser from Send, not the worker's first-token time.
  const waited = Number(await answer.getAttribute("data-ttft-ms"));
  await expect(panel).toContainText(`Started writing after ${(waited / 1000).toFixed(1)} seconds`);
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
  await expect(button).toBeFocused();
});

test("a member copies their own message", async ({ page }) => {
  const chat = await signInWithModels(page);
  const text = "Copy me back,\n  exactly as typed: **not bold**";
  await ask(page, "Markdown", text);
  await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  const mine = page.getByTestId("message-user").last();
  await expect(mine).toHaveText(text);
  await mine.locator("..").getByRole("button", { name: "Copy", exact: true }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
});

test("scrolled up during an answer, 'Jump to latest' brings the reader back to the bottom", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 600 });
  const chat = await signInWithModels(page);
  await ask(page, "Slow Llama", "A long answer, please, so I can scroll up.");
  const answer = chat.lastAnswer();
  await expect(answer).toHaveAttribute("data-status", "generating");
  const scroller = page.getByTestId("message-list");
  const distanceFromBottom = () => scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
  await expect.poll(() => scroller.evaluate((el) => el.scrollHeight - el.clientHeight), { timeout: 60_000 }).toBeGreaterThan(300);
  const jump = page.getByRole("button", { name: /Jump to latest/ });
  await expect(jump).toHaveCount(0);
  await scroller.hover();
  await page.mouse.wheel(0, -2000);
  await expect(jump).toBeVisible();
  expect(await distanceFromBottom()).toBeGreaterThan(80);
  await jump.click();
  await expect(jump).toHaveCount(0);
  expect(await distanceFromBottom()).toBeLessThan(80);
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(answer).toHaveAttribute("data-status", "stopped");
});
