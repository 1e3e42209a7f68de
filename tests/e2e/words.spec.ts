// What a family trips over in words, copy, markdown, keyboard and screen readers (issue 19, items 13–17),
// each through the screen where it was seen.
import { chromium, expect, type Page, test } from "@playwright/test";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import { MATH_MODEL_FILE } from "@/testkit/answers";
import { HearthClient } from "@/testkit/client";
import { type Account, admin, newMember } from "./family";
import { baseUrl, ChatScreen, SignInScreen } from "./pages";

/** A member signed in, with the scripted math model installed beside the shared ones. */
async function signedInMember(page: Page, name: string): Promise<Account> {
  const account = await newMember(name);
  const client = new HearthClient(baseUrl());
  if (!(await client.login(admin.email, admin.password))) throw new Error("the admin cannot sign in");
  const { status } = await client.json("/api/admin/models", { name: "Math", filePath: MATH_MODEL_FILE });
  if (status !== 201 && status !== 409) throw new Error(`registering the math model failed: ${status}`);
  await new SignInScreen(page).signIn(account.email, account.password);
  return account;
}

async function answered(page: Page, text: string, model = "Tiny Llama") {
  const chat = new ChatScreen(page);
  await chat.chooseModel(model);
  await chat.send(text);
  await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  return chat;
}

test("Copy works over plain http, where the browser has no Clipboard API, and says when it could not copy", async () => {
  // A home network address is not a secure context; 127.0.0.0/8 and localhost are. A name that resolves to the
  // test server reproduces http://192.168.1.20:3000 without leaving the machine.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--host-resolver-rules=MAP hearth-lan.test 127.0.0.1"],
  });
  const lan = `http://hearth-lan.test:${new URL(baseUrl()).port}`;
  const account = await newMember("Lan");
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${lan}/login`);
  await page.getByLabel(en.auth.email, { exact: true }).fill(account.email);
  await page.getByLabel(en.auth.password, { exact: true }).fill(account.password);
  await page.getByRole("button", { name: en.auth.signIn, exact: true }).click();
  const chat = new ChatScreen(page);
  await expect(chat.composer()).toBeVisible();
  // The browser's own Clipboard API is missing here (what navigator.clipboard holds now is Hearth's fallback).
  expect(await page.evaluate(() => [window.isSecureContext, "clipboard" in Navigator.prototype])).toEqual([false, false]);

  const text = "Copied over plain http: zq7-lan-copy-8842-marker";
  await chat.send(text);
  await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  const copy = page.getByTestId("message-user").last().locator("..").getByRole("button", { name: en.message.copy, exact: true });
  await copy.click();
  await expect(page.getByTestId("message-user").last().locator("..").getByRole("button")).toHaveText(en.message.copied);
  // Read back from the clipboard itself, on a page where the Clipboard API exists.
  await context.grantPermissions(["clipboard-read"], { origin: baseUrl() });
  const reader = await context.newPage();
  await reader.goto(`${baseUrl()}/api/health`);
  expect(await reader.evaluate(() => navigator.clipboard.readText())).toBe(text);

  await test.step("a browser that refuses the copy gets told so, not a false 'Copied'", async () => {
    await page.evaluate(() => {
      document.execCommand = () => false;
    });
    await page.getByTestId("message-user").last().locator("..").getByRole("button").click();
    await expect(page.getByTestId("message-user").last().locator("..").getByRole("button")).toHaveText(en.message.copyFailed);
  });
  await browser.close();
});

test("math in \\( \\) is typeset, and a finished answer shows an odd number of __ as written", async ({ page }) => {
  await signedInMember(page, "Maths");
  const chat = await answered(page, "Explain Pythagoras and the init call", "Math");
  const content = chat.lastAnswer().getByTestId("message-content");
  await expect(content.locator(".katex")).toHaveCount(1);
  await expect(content.locator("annotation")).toHaveText("a^2+b^2=c^2");
  await expect(content).not.toContainText("(a^2");
  await expect(content.locator("p").last()).toHaveText("Call init first, then fill __ blanks.");
});

test("chat settings close with Escape or a click outside; a refused value names the field and its range", async ({ page }) => {
  await signedInMember(page, "Tuner");
  await answered(page, "Hello there");
  const toggle = page.getByRole("button", { name: en.chat.settings, exact: true });
  const panel = page.getByRole("region", { name: en.chat.settings });

  await toggle.click();
  await expect(panel).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
  await expect(toggle).toBeFocused();

  await toggle.click();
  await expect(panel).toBeVisible();
  await page.getByTestId("message-list").click({ position: { x: 20, y: 20 } });
  await expect(panel).toBeHidden();

  await toggle.click();
  await panel.getByLabel(en.chat.temperature).fill("5");
  await panel.getByRole("button", { name: en.chat.saveSettings }).click();
  const alert = page.getByRole("alert").filter({ hasText: /\S/ });
  await expect(alert).toHaveText("Temperature must be between 0 and 2.");
  await panel.getByLabel(en.chat.temperature).fill("1");
  await panel.getByRole("button", { name: en.chat.saveSettings }).click();
  await expect(panel.getByText(en.chat.saved, { exact: true })).toBeVisible();
  await expect(alert).toHaveCount(0);
});

test("the edit box sends on Enter like the message box: Shift+Enter is a new line, an input method's Enter is not", async ({ page }) => {
  await signedInMember(page, "Editor");
  await answered(page, "First version of the question");
  const sends: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().includes("/messages")) sends.push(r.url());
  });
  await page.getByRole("button", { name: en.chat.edit, exact: true }).click();
  const box = page.getByRole("textbox", { name: en.chat.editMessage });
  await box.fill("Second version");
  await page.keyboard.press("Shift+Enter");
  await page.keyboard.type("on two lines ");
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Input.imeSetComposition", { text: "nihao", selectionStart: 5, selectionEnd: 5 });
  await cdp.send("Input.dispatchKeyEvent", { type: "rawKeyDown", key: "Enter", code: "Enter", windowsVirtualKeyCode: 13 });
  await cdp.send("Input.dispatchKeyEvent", { type: "keyUp", key: "Enter", code: "Enter", windowsVirtualKeyCode: 13 });
  await cdp.send("Input.insertText", { text: "你好" });
  await expect(box).toHaveValue("Second version\non two lines 你好");
  expect(sends).toEqual([]);

  await page.keyboard.press("Enter");
  await expect(page.getByTestId("message-user").last()).toHaveText("Second version\non two lines 你好");
  expect(sends).toHaveLength(1);
});

test("a screen reader hears the waiting notes and the end of an answer from a polite live region", async ({ page }) => {
  await signedInMember(page, "Listener");
  const region = page.getByTestId("chat-announcer");
  await expect(region).toHaveAttribute("aria-live", "polite");
  await expect(region).toHaveAttribute("role", "status");
  await expect(region).toHaveText("");

  await answered(page, "Tell me something");
  await expect(region).toHaveText(/^Answer finished: \S/);

  // A long answer: the region says it is being written (or still waiting), and that it stopped.
  const chat = new ChatScreen(page);
  await chat.startLongAnswer("Tell me a very long story");
  await expect(region).not.toHaveText(/^Answer finished|^$/);
  await chat.stopButton().click();
  await expect(region).toHaveText(en.message.stopped);
});

test("the phone drawer keeps the keyboard inside until it closes, then gives it back", async ({ browser }) => {
  const account = await newMember("Drawer");
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await new SignInScreen(page).signIn(account.email, account.password);
  const opener = page.getByRole("button", { name: en.sidebar.openConversations });
  await opener.click();
  const drawer = page.getByRole("dialog", { name: en.sidebar.conversations });
  await expect(drawer).toBeVisible();
  const inDrawer = () => page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')));
  expect(await inDrawer()).toBe(true);
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press(i % 3 === 2 ? "Shift+Tab" : "Tab");
    expect(await inDrawer()).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(opener).toBeFocused();
  await context.close();
});

/** The heights of the sidebar's links and buttons (the account links, sign-out and conversations). */
async function targetHeights(page: Page): Promise<number[]> {
  const targets = page.locator("aside").locator("a, button");
  const boxes = await Promise.all((await targets.all()).map((t) => t.boundingBox()));
  return boxes.filter((b) => b !== null).map((b) => Math.round(b.height));
}

test("sidebar links are at least 24 px tall, 44 px on a touch screen", async ({ browser }) => {
  const account = await newMember("Targets");
  const desk = await browser.newPage();
  await new SignInScreen(desk).signIn(account.email, account.password);
  await answered(desk, "A conversation for the list");
  await desk.reload();
  const heights = await targetHeights(desk);
  expect(heights.length).toBeGreaterThanOrEqual(5);
  expect(Math.min(...heights)).toBeGreaterThanOrEqual(24);
  await desk.close();

  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const phone = await context.newPage();
  await new SignInScreen(phone).signIn(account.email, account.password);
  expect(await phone.evaluate(() => matchMedia("(pointer: coarse)").matches)).toBe(true);
  await phone.getByRole("button", { name: en.sidebar.openConversations }).tap();
  await expect(phone.getByRole("dialog")).toBeVisible();
  expect(Math.min(...(await targetHeights(phone)))).toBeGreaterThanOrEqual(44);
  await context.close();
});

test("the admin page's section menu reaches Family members in a few Tabs", async ({ page }) => {
  await newMember("Skipper");
  await new SignInScreen(page).signIn(admin.email, admin.password);
  await page.goto(`${baseUrl()}/admin`);
  await expect(page.getByRole("navigation", { name: en.admin.menuLabel })).toBeVisible();
  let tabs = 0;
  while (tabs < 60) {
    await page.keyboard.press("Tab");
    tabs++;
    // The link may carry a badge after its name ("2 waiting for approval").
    if ((await page.evaluate(() => document.activeElement?.textContent ?? ""))?.startsWith(en.admin.members)) break;
  }
  expect(tabs).toBeLessThanOrEqual(6);
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[aria-labelledby="users-heading"]')))).toBe(true);
});
