// The interface through the real UI: theme switch, keyboard use, accessibility (axe), the phone layout
// and the installable web-app manifest.
import AxeBuilder from "@axe-core/playwright";
import { type BrowserContext, chromium, expect, type Page, test } from "@playwright/test";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import { admin, newMember } from "./family";
import { baseUrl, ChatScreen, SettingsScreen, SignInScreen } from "./pages";

type Frame = { dark: boolean; background: "light" | "dark" };

/**
 * Records, at the first frame the browser renders with a body, whether the page was dark and how bright its
 * background was (any CSS colour, read back through a canvas): a flash of the wrong theme shows here.
 */
async function watchFirstFrame(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __firstFrame?: Frame; __background: () => Frame["background"] };
    w.__background = () => {
      const canvas = document.createElement("canvas").getContext("2d") as CanvasRenderingContext2D;
      canvas.fillStyle = getComputedStyle(document.body).backgroundColor;
      canvas.fillRect(0, 0, 1, 1);
      const [r = 0, g = 0, b = 0] = canvas.getImageData(0, 0, 1, 1).data;
      return (r + g + b) / 3 > 128 ? "light" : "dark";
    };
    const check = () => {
      if (!document.body) return requestAnimationFrame(check);
      w.__firstFrame = { dark: document.documentElement.classList.contains("dark"), background: w.__background() };
    };
    requestAnimationFrame(check);
  });
}

async function firstFrame(page: Page): Promise<Frame> {
  await page.waitForFunction(() => (window as unknown as { __firstFrame?: unknown }).__firstFrame);
  return page.evaluate(() => (window as unknown as { __firstFrame: Frame }).__firstFrame);
}

async function expectBackground(page: Page, background: Frame["background"]) {
  await expect.poll(() => page.evaluate(() => (window as unknown as { __background: () => string }).__background())).toBe(background);
}

test("light, dark or the device's theme, remembered, with no flash of the wrong colours", async ({ browser }) => {
  const account = await newMember("Theo");
  const context = await browser.newContext({ colorScheme: "dark" });
  const page = await context.newPage();
  await watchFirstFrame(page);
  await new SignInScreen(page).signIn(account.email, account.password);

  await test.step("by default the theme follows the device, from the first frame", async () => {
    await page.reload();
    expect(await firstFrame(page)).toEqual({ dark: true, background: "dark" });
  });

  const settings = new SettingsScreen(page);
  await test.step("choosing Light applies at once and stays light after a reload on a dark device", async () => {
    await settings.open();
    await settings.chooseTheme(en.settings.themeLight);
    await expectBackground(page, "light");
    await page.reload();
    expect(await firstFrame(page)).toEqual({ dark: false, background: "light" });
    await expect(page.getByRole("radio", { name: en.settings.themeLight })).toBeChecked();
  });

  await test.step("choosing Dark on a light device stays dark after a reload", async () => {
    await page.emulateMedia({ colorScheme: "light" });
    await settings.chooseTheme(en.settings.themeDark);
    await expectBackground(page, "dark");
    await page.goto(baseUrl());
    expect(await firstFrame(page)).toEqual({ dark: true, background: "dark" });
  });

  await test.step("back to the device's theme, it follows the device as it changes", async () => {
    await settings.open();
    await settings.chooseTheme(en.settings.themeSystem);
    await expectBackground(page, "light");
    await page.emulateMedia({ colorScheme: "dark" });
    await expectBackground(page, "dark");
  });
  await context.close();
});

test("keyboard: focused composer with a ring, skip link, shortcuts, and stopping keeps the focus", async ({ page }) => {
  const account = await newMember("Kay");
  await new SignInScreen(page).signIn(account.email, account.password);
  const chat = new ChatScreen(page);

  await test.step("the composer has the focus on load, with a visible ring", async () => {
    await page.reload();
    await expect(chat.composer()).toBeFocused();
    const ring = await chat.composer().evaluate((box) => getComputedStyle(box.closest("form") as HTMLElement).boxShadow);
    expect(ring).not.toBe("none");
  });

  await test.step("from the top of the page, the first Tab reaches a skip link that jumps to the composer", async () => {
    // Puts the keyboard at the very top of the page, as when a browser does not focus anything on load.
    await page.evaluate(() => {
      const top = document.createElement("button");
      document.body.prepend(top);
      top.focus();
      top.remove();
    });
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: en.app.skipToComposer });
    await expect(skip).toBeFocused();
    const box = await skip.boundingBox();
    expect(box?.width).toBeGreaterThan(20);
    await page.keyboard.press("Enter");
    await expect(chat.composer()).toBeFocused();
  });

  await test.step("Shift+Escape and / bring the focus back to the composer", async () => {
    await page.getByRole("link", { name: en.sidebar.settings }).focus();
    await page.keyboard.press("Shift+Escape");
    await expect(chat.composer()).toBeFocused();
    await page.getByRole("link", { name: en.sidebar.settings }).focus();
    await page.keyboard.press("/");
    await expect(chat.composer()).toBeFocused();
    await expect(chat.composer()).toHaveValue("");
  });

  await test.step("Escape stops a running answer and the focus stays in the composer", async () => {
    await chat.startLongAnswer("Tell me a long story, please.");
    await page.keyboard.press("Escape");
    await expect(chat.lastAnswer()).toHaveAttribute("data-status", "stopped");
    await expect(chat.composer()).toBeFocused();
  });

  await test.step("Stop pressed from the keyboard leaves the focus in the composer, not at the top", async () => {
    await chat.send("And another long one.");
    await expect(chat.lastAnswer()).toHaveAttribute("data-status", "generating");
    await chat.stopButton().focus();
    await page.keyboard.press("Enter");
    await expect(chat.lastAnswer()).toHaveAttribute("data-status", "stopped");
    await expect(chat.sendButton()).toBeVisible();
    await expect(chat.composer()).toBeFocused();
  });

  await test.step("Ctrl+Shift+O starts a new chat", async () => {
    await expect(page).toHaveURL(/\/c\//);
    await page.keyboard.press("Control+Shift+O");
    await expect(page).toHaveURL(`${baseUrl()}/`);
    await expect(page.getByText(en.chat.emptyTitle)).toBeVisible();
    await expect(chat.composer()).toBeFocused();
  });
});

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function withTheme(context: BrowserContext, theme: "light" | "dark") {
  await context.addCookies([{ name: "hearth-theme", value: theme, url: baseUrl() }]);
}

for (const theme of ["light", "dark"] as const) {
  test(`no accessibility violations (axe) on the sign-in, chat and admin pages, ${theme}`, async ({ browser }) => {
    const context = await browser.newContext();
    await withTheme(context, theme);
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/login`);
    await expect(page.getByRole("button", { name: en.auth.signIn })).toBeVisible();
    expect(await axeViolations(page), "sign-in page").toEqual([]);

    await new SignInScreen(page).signIn(admin.email, admin.password);
    expect(await axeViolations(page), "new chat").toEqual([]);
    const chat = new ChatScreen(page);
    await chat.send("Hello there, how are you?");
    await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done", { timeout: 60_000 });
    expect(await axeViolations(page), "conversation").toEqual([]);

    await page.goto(`${baseUrl()}/admin`);
    await expect(page.getByRole("heading", { name: en.admin.title })).toBeVisible();
    expect(await axeViolations(page), "admin").toEqual([]);
    await page.goto(`${baseUrl()}/settings`);
    expect(await axeViolations(page), "settings").toEqual([]);
    await context.close();
  });
}

test("on phones 360–414 px wide nothing scrolls sideways: page, drawer and composer", async ({ browser }) => {
  test.setTimeout(180_000);
  const account = await newMember("Pia");
  for (const width of [360, 390, 414]) {
    const context = await browser.newContext({ viewport: { width, height: 780 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await new SignInScreen(page).signIn(account.email, account.password);
    const chat = new ChatScreen(page);
    await chat.send(`A question typed on a ${width} px phone`);
    await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done", { timeout: 60_000 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow(), `chat at ${width}px`).toBeLessThanOrEqual(0);
    const send = await chat.sendButton().boundingBox();
    expect((send?.x ?? 0) + (send?.width ?? 0), `Send fully on screen at ${width}px`).toBeLessThanOrEqual(width);
    await page.getByRole("button", { name: en.sidebar.openConversations }).click();
    const drawer = page.getByRole("navigation", { name: en.sidebar.conversations });
    await expect(drawer).toBeVisible();
    expect(await overflow(), `drawer at ${width}px`).toBeLessThanOrEqual(0);
    const box = await drawer.boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(width);
    // A tap beside the drawer closes it; so does Escape.
    await page.mouse.click(width - 20, 400);
    await expect(drawer).toBeHidden();
    await page.getByRole("button", { name: en.sidebar.openConversations }).click();
    await expect(drawer).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
    await context.close();
  }
});

test("Hearth is installable: a web-app manifest with its icons", async ({ page }) => {
  await page.goto(`${baseUrl()}/login`);
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(href).toBeTruthy();
  const manifest = await (await page.request.get(new URL(href ?? "", baseUrl()).toString())).json();
  expect(manifest).toMatchObject({ name: "Hearth", display: "standalone", start_url: "/" });
  const sizes = new Set<string>();
  for (const icon of manifest.icons as Array<{ src: string; sizes: string }>) {
    const response = await page.request.get(new URL(icon.src, baseUrl()).toString());
    expect(response.status()).toBe(200);
    const png = await response.body();
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    // The size the manifest claims is the size of the image (PNG header: width, height).
    expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes);
    sizes.add(icon.sizes);
  }
  expect([...sizes]).toEqual(expect.arrayContaining(["192x192", "512x512"]));
});

test("Chromium itself finds Hearth installable", async ({ browserName }, testInfo) => {
  // Chromium reports every context Playwright opens as incognito, where nothing installs: use a profile.
  const profile = testInfo.outputPath("profile");
  const context = await chromium.launchPersistentContext(profile, { ...testInfo.project.use.launchOptions, headless: true });
  try {
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/login`);
    await expect(page.locator('link[rel="manifest"]')).toHaveCount(1);
    const cdp = await context.newCDPSession(page);
    await expect.poll(async () => (await cdp.send("Page.getInstallabilityErrors")).installabilityErrors.map((e) => e.errorId)).toEqual([]);
    expect(browserName).toBe("chromium");
  } finally {
    await context.close();
  }
});
