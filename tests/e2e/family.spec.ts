// A family's accounts in Chromium: an invite link, an admin cutting a session off, a child's limits, usage.
import { type APIRequestContext, type Browser, expect, test } from "@playwright/test";
import { SLOW_MODEL_FILE } from "@/testkit/models";
import { TEST_MODEL_FILE } from "@/testkit/stack";
import { AuthPage, baseUrl, ChatPage, FamilyAdminPage } from "./pages";

const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct horse battery" };
const PASSWORD = "a long enough password";

/** The admin and both models exist whichever spec ran first (each call is a no-op once done). */
async function ensureFamily(request: APIRequestContext) {
  await request.post(`${baseUrl()}/api/signup`, { data: admin });
}

async function signedIn(browser: Browser, email: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await new AuthPage(page).signIn(email, password);
  await expect(page.getByRole("link", { name: /New chat/ })).toBeVisible();
  return page;
}

async function adminPage(browser: Browser) {
  const page = await signedIn(browser, admin.email, admin.password);
  for (const [name, filePath] of [
    ["Tiny Llama", TEST_MODEL_FILE],
    ["Slow Llama", SLOW_MODEL_FILE],
  ]) {
    await page.request.post(`${baseUrl()}/api/admin/models`, { data: { name, filePath } });
  }
  await page.goto(`${baseUrl()}/admin`);
  return { page, family: new FamilyAdminPage(page) };
}

async function addAccount(page: import("@playwright/test").Page, name: string, role: string) {
  const email = `${name.toLowerCase()}-${Date.now().toString(36)}@example.com`;
  const created = await page.request.post(`${baseUrl()}/api/admin/users`, { data: { name, email, password: PASSWORD, role } });
  expect(created.status()).toBe(201);
  await page.reload();
  return email;
}

const clock = (d: Date) => `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;

test.beforeEach(async ({ request }) => {
  await ensureFamily(request);
});

test("an invite link becomes an account that chats", async ({ browser }) => {
  const { page, family } = await adminPage(browser);
  const link = await family.makeInvite("member");
  const guest = await (await browser.newContext()).newPage();
  await guest.goto(link);
  await guest.getByLabel("Your name").fill("Grandma Rose");
  await guest.getByLabel("Email").fill("rose@example.com");
  await guest.getByLabel("Password").fill(PASSWORD);
  await guest.getByRole("button", { name: "Create my account" }).click();
  const chat = new ChatPage(guest);
  await chat.send("Hello, is this thing on?");
  await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done", { timeout: 60_000 });

  // The link worked once.
  const again = await (await browser.newContext()).newPage();
  await again.goto(link);
  await expect(again.locator('p[role="alert"]')).toContainText("expired or was already used");
  await page.reload();
  await expect(family.row("rose@example.com").getByLabel("Role of Grandma Rose")).toHaveValue("member");
});

test("an invite link for a phone: a note in the list, a QR code, a Copy that works without the clipboard API, and a warning for a loopback address", async ({
  browser,
}) => {
  const { page, family } = await adminPage(browser);
  // Plain http on the home network has no navigator.clipboard: the Copy button must not depend on it.
  await page.addInitScript(() => {
    Object.defineProperty(navigator, "clipboard", { value: undefined, configurable: true });
    document.addEventListener("copy", () => {
      (window as unknown as { __copied: string }).__copied = document.getSelection()?.toString() ?? "";
    });
  });
  await page.reload();
  const note = "for Grandpa 5d1e9c3a7b2f4e60";
  const link = await family.makeInvite("member", note);
  expect(link.startsWith(`${baseUrl()}/invite/`)).toBe(true);
  await expect(page.getByTestId("invite-row").filter({ hasText: note })).toContainText("Member");
  await expect(page.getByTestId("invite-qr")).toHaveAttribute("data-link", link);
  await expect(page.getByRole("img", { name: /QR code of the invite link/ })).toBeVisible();
  // The test stack's public address is 127.0.0.1: a phone could not open it, and the page says so.
  await expect(page.getByTestId("invite-loopback")).toContainText("HEARTH_URL");
  await page.getByRole("button", { name: "Copy", exact: true }).click();
  await expect(page.getByText("Link copied.")).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __copied: string }).__copied)).toBe(link);
});

test("disabling a member cuts their open session off, answer stream included", async ({ browser }) => {
  const { page, family } = await adminPage(browser);
  const email = await addAccount(page, "Teen", "member");
  const teen = await signedIn(browser, email, PASSWORD);
  const chat = new ChatPage(teen);
  await teen.getByLabel("Model").selectOption({ label: "Slow Llama" });
  await chat.send("Tell me a long, long story.");
  await expect(chat.lastAnswer()).toHaveAttribute("data-status", "generating");
  await expect(chat.lastAnswer().getByTestId("message-content")).toHaveText(/\S{3}/);

  await family.disable(email);
  // The open stream ends; the page finds the session gone and goes to sign-in.
  await expect(teen).toHaveURL(/\/login/, { timeout: 15_000 });
  await new AuthPage(teen).signIn(email, PASSWORD);
  // The right password for a disabled account: told so, not "wrong password" (they would try again and again).
  await expect(teen.locator('p[role="alert"]')).toHaveText("This account is disabled. Ask your family's admin to enable it again.");
});

test("a child who reaches a limit is told which one and until when", async ({ browser }) => {
  const { page, family } = await adminPage(browser);
  const email = await addAccount(page, "Kid", "child");
  const kid = await signedIn(browser, email, PASSWORD);
  const chat = new ChatPage(kid);
  await chat.send("Why is the sky blue?");
  await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done", { timeout: 60_000 });

  await test.step("model", async () => {
    await family.setChildLimits("Kid", { models: ["Slow Llama"] });
    await chat.send("And why is grass green?");
    await expect(kid.locator('p[role="alert"]')).toHaveText("This model isn't available to you. Pick another model, or ask your parent.");
  });

  await test.step("daily budget", async () => {
    await family.setChildLimits("Kid", { dailyTokens: 1 });
    await chat.send("And why is grass green?");
    await expect(kid.locator('p[role="alert"]')).toHaveText(/You've used up today's chat allowance\. It starts again tomorrow at 00:00\./);
  });

  await test.step("hours", async () => {
    const from = new Date(Date.now() + 2 * 3600_000);
    const hours = { from: clock(from), until: clock(new Date(from.getTime() + 3600_000)) };
    await family.setChildLimits("Kid", { hours });
    await chat.send("And why is grass green?");
    await expect(kid.locator('p[role="alert"]')).toContainText(
      `outside your chat hours (${hours.from}–${hours.until}). You can chat again at ${hours.from}.`,
    );
  });

  await test.step("nothing was stored for the refused messages", async () => {
    await kid.reload();
    await expect(kid.getByTestId("message-user")).toHaveCount(1);
  });
});

test("a child sees what is left of today's allowance and their hours before a limit stops them", async ({ browser }) => {
  test.setTimeout(240_000);
  const { page, family } = await adminPage(browser);
  const email = await addAccount(page, "Allowkid", "child");
  await family.setChildLimits("Allowkid", { dailyTokens: 100_000, hours: { from: "00:00", until: "23:59" } });
  const kid = await signedIn(browser, email, PASSWORD);
  const chat = new ChatPage(kid);
  await chat.send("What is a rainbow?");
  await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done", { timeout: 150_000 });

  await kid.goto(`${baseUrl()}/account`);
  const allowance = kid.getByTestId("child-allowance");
  await expect(allowance).toContainText(/Today: [\d,]+ of 100,000 tokens left\./);
  const left = Number(await allowance.getByRole("meter").getAttribute("value"));
  expect(left).toBeGreaterThan(0);
  expect(left).toBeLessThan(100_000);
  await expect(allowance).toContainText("You can chat from 00:00 to 23:59.");
});

test("half a range of chat hours is refused in the form, not saved", async ({ browser }) => {
  const { page } = await adminPage(browser);
  await addAccount(page, "Halfkid", "child");
  const form = page.getByRole("form", { name: "Limits for Halfkid" });
  await form.getByLabel("Chat until").fill("20:00");
  let sent = false;
  page.on("request", (r) => {
    if (r.url().endsWith("/limits")) sent = true;
  });
  await form.getByRole("button", { name: "Save limits" }).click();
  await expect(form.getByRole("alert")).toHaveText('Set both "Chat from" and "Chat until", or leave both empty for no hour limit.');
  await expect(form.getByLabel("Chat from")).toBeFocused();
  await expect(page.getByText("Limits saved")).toHaveCount(0);
  expect(sent).toBe(false);
});

test("the admin sees each member's usage as a chart and a table", async ({ browser }) => {
  const { page } = await adminPage(browser);
  const email = await addAccount(page, "Counter", "member");
  const member = await signedIn(browser, email, PASSWORD);
  const chat = new ChatPage(member);
  await chat.send("Count me in.");
  await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done", { timeout: 60_000 });

  await page.reload();
  const usage = page.getByTestId("usage-member").filter({ hasText: "Counter" });
  await expect(usage).toContainText("1 message ·");
  const chart = usage.getByRole("img", { name: "Tokens per day for Counter" });
  await expect(chart.getByTestId("usage-bar")).toHaveCount(28);
  const today = chart.getByTestId("usage-bar").last();
  expect(Number(await today.getAttribute("data-tokens"))).toBeGreaterThan(0);
  expect(Number(await today.getAttribute("height"))).toBeGreaterThan(0);
  const row = page.getByTestId("usage-row").filter({ hasText: "Counter" });
  await expect(row).toHaveCount(1);
  await expect(row.locator("td").nth(2)).toHaveText("1");
  await expect(page.getByText("Count me in.")).toHaveCount(0);
});
