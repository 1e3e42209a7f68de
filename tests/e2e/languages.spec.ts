// English and Simplified Chinese through the real UI: chosen from the browser's languages, overridden by
// the member's own choice, and typing Chinese with an input method.
import { expect, test } from "@playwright/test";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import zh from "@/lib/i18n/messages/zh-CN.json" with { type: "json" };
import { admin, newMember } from "./family";
import { baseUrl, ChatScreen, SettingsScreen, SignInScreen } from "./pages";

test("a browser set to Chinese gets the Chinese interface, and a member's own choice overrides it", async ({ browser }) => {
  const account = await newMember("Chen");
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();

  await test.step("the sign-in page and its errors are in Chinese", async () => {
    await page.goto(`${baseUrl()}/login`);
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByText(zh.auth.noAccount)).toBeVisible();
    await page.getByLabel(zh.auth.email, { exact: true }).fill(account.email);
    await page.getByLabel(zh.auth.password, { exact: true }).fill("not the password");
    await page.getByRole("button", { name: zh.auth.signIn, exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText(zh.auth.wrongCredentials);
  });

  const chat = new ChatScreen(page, zh);
  await test.step("the chat, its answers and the server's errors are in Chinese", async () => {
    await new SignInScreen(page, zh).signIn(account.email, account.password);
    await expect(chat.composer()).toHaveAttribute("placeholder", zh.composer.placeholder);
    await expect(page.getByText(zh.chat.emptyTitle)).toBeVisible();
    await expect(page.getByRole("link", { name: zh.sidebar.settings })).toBeVisible();
    await expect(page.getByRole("button", { name: zh.sidebar.signOut })).toBeVisible();
    await chat.send("你好");
    await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done", { timeout: 60_000 });
    await expect(chat.lastAnswer().getByRole("button", { name: zh.message.copy })).toBeVisible();
    // Too long for the model: refused in Chinese, with the numbers written the Chinese way, and the text kept.
    await chat.composer().fill("长".repeat(32_001));
    await chat.sendButton().click();
    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toContainText("这条消息对所选模型来说太长了：它有 32,001 个字符");
    await expect(chat.composer()).toHaveValue("长".repeat(32_001));
  });

  await test.step("a reason the worker gives for a failed answer is in Chinese", async () => {
    // Short enough in characters to pass the browser's estimate, yet over the context once the worker tokenizes it.
    await chat.send("zq9 ".repeat(700));
    const answer = chat.lastAnswer();
    await expect(answer).toHaveAttribute("data-status", "failed", { timeout: 60_000 });
    const alert = answer.getByRole("alert");
    await expect(alert).toContainText(zh.message.failed);
    await expect(alert).toContainText(/你的消息大约有 [\d,]+ 个词元，超出了这个模型的上下文容量/);
    await expect(alert).not.toContainText(/[A-Za-z]{4,}/);
  });

  await test.step("choosing English in settings switches every page, and stays after a reload", async () => {
    const settings = new SettingsScreen(page, zh);
    await settings.open();
    await settings.chooseLanguage(zh.languages.en);
    await expect(page.getByRole("heading", { name: en.settings.title })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.goto(baseUrl());
    await expect(new ChatScreen(page, en).composer()).toHaveAttribute("placeholder", en.composer.placeholder);
    await page.reload();
    await expect(page.getByText(en.chat.emptyTitle)).toBeVisible();
  });

  await test.step("going back to the browser's language shows Chinese again", async () => {
    const settings = new SettingsScreen(page, en);
    await settings.open();
    await settings.chooseLanguage(en.settings.languageAuto);
    await expect(page.getByRole("heading", { name: zh.settings.title })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  });
  await context.close();
});

test("the admin pages are in Chinese too, with dates and server errors localised", async ({ browser }) => {
  await newMember("Dora");
  const context = await browser.newContext({ locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  await new SignInScreen(page, zh).signIn(admin.email, admin.password);
  await page.goto(`${baseUrl()}/admin`);
  await expect(page.getByRole("heading", { name: zh.admin.title })).toBeVisible();
  await expect(page.getByRole("heading", { name: zh.admin.members, exact: true })).toBeVisible();
  await expect(page.getByTestId("workers-online")).toContainText("在线的模型工作进程：1");
  // The test stack fixes HEARTH_WORKER_SEQUENCES=2: the number the worker serves at once, not "auto".
  await expect(page.getByTestId("worker-sequences")).toHaveText("可同时回答：2 条。");
  // A Chinese date, e.g. "自 2026年11月28日 起".
  await expect(page.getByTestId("user-row").filter({ hasText: "Dora" }).first()).toContainText(/自 \d{4}年\d{1,2}月\d{1,2}日 起/);
  const form = page.getByRole("form", { name: zh.admin.addModelForm });
  await form.getByLabel(zh.admin.displayName).fill("Broken");
  await form.getByLabel(/GGUF/).fill("../../etc/passwd");
  await form.getByRole("button", { name: zh.admin.addModel }).click();
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText(zh.errors.modelPathOutside);
  await context.close();
});

test("the Enter that confirms a Chinese input-method candidate never sends the message", async ({ page }) => {
  const account = await newMember("Ime");
  await new SignInScreen(page).signIn(account.email, account.password);
  const chat = new ChatScreen(page);
  const sends: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().includes("/api/conversations")) sends.push(request.url());
  });
  // What the page itself saw, so the test proves it exercised composing Enters.
  await page.evaluate(() => {
    const w = window as unknown as { __keys: string[] };
    w.__keys = [];
    document.addEventListener("keydown", (e) => w.__keys.push(`${e.key}:${e.isComposing}:${e.keyCode}`), true);
  });
  await chat.composer().focus();
  const cdp = await page.context().newCDPSession(page);

  // Chrome and Firefox: Enter pressed while the candidate window is open picks "你好".
  await cdp.send("Input.imeSetComposition", { text: "nihao", selectionStart: 5, selectionEnd: 5 });
  await cdp.send("Input.dispatchKeyEvent", { type: "rawKeyDown", key: "Enter", code: "Enter", windowsVirtualKeyCode: 13 });
  await cdp.send("Input.dispatchKeyEvent", { type: "keyUp", key: "Enter", code: "Enter", windowsVirtualKeyCode: 13 });
  await cdp.send("Input.insertText", { text: "你好" });
  // Safari: the composition has already ended when the confirming Enter arrives, as keyCode 229.
  await cdp.send("Input.dispatchKeyEvent", { type: "rawKeyDown", key: "Enter", code: "Enter", windowsVirtualKeyCode: 229 });
  await cdp.send("Input.dispatchKeyEvent", { type: "keyUp", key: "Enter", code: "Enter", windowsVirtualKeyCode: 229 });

  const keys = await page.evaluate(() => (window as unknown as { __keys: string[] }).__keys);
  expect(keys.filter((k) => k.startsWith("Enter:"))).toEqual(["Enter:true:13", "Enter:false:229"]);
  await expect(chat.composer()).toHaveValue("你好");
  expect(sends).toEqual([]);

  // A plain Enter afterwards sends, once.
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("message-user")).toHaveText(["你好"]);
  await expect(chat.composer()).toHaveValue("");
  expect(sends).toHaveLength(1);
});

test("a Traditional Chinese browser gets Chinese, and the account and admin pages have no English left", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-TW", timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  await page.goto(`${baseUrl()}/login`);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await newMember("Tw");
  await new SignInScreen(page, zh).signIn(admin.email, admin.password);
  const chat = new ChatScreen(page, zh);
  await chat.send("今天的用量");
  await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done", { timeout: 60_000 });

  await test.step("the account page names this browser in Chinese", async () => {
    await page.goto(`${baseUrl()}/account`);
    await expect(page.getByTestId("session-row").first()).toContainText("Linux 上的 Chrome");
  });

  await test.step("the admin page's usage has Chinese dates and one word for tokens: 词元", async () => {
    await page.goto(`${baseUrl()}/admin`);
    const row = page.getByTestId("usage-row").filter({ hasText: admin.name });
    await expect(row.locator("td").nth(1)).toHaveText(/^\d{1,2}月\d{1,2}日$/);
    await expect(page.getByRole("columnheader", { name: "词元" })).toBeVisible();
    await expect(page.getByTestId("usage-member").filter({ hasText: admin.name })).toContainText("个词元");
    await expect(page.locator("main")).not.toContainText(/token/i);
  });
  await context.close();
});
