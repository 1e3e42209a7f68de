// Every page, left open and untouched, stays quiet: a forgotten tab must not keep asking the server for
// things (the account page once made ~215 requests in 10 s, forever). Pages are those under app/.
import { expect, type Page, test } from "@playwright/test";
import { admin, newMember } from "./family";
import { AuthPage, baseUrl, ChatPage } from "./pages";

/** After the page settles (late prefetches, fonts), the requests it makes while nobody touches it. */
const SETTLE_MS = 2_000;
const IDLE_MS = 5_000;
/** A page may look once at something (a status, a prefetch the browser saved for later), never keep asking. */
const MOST_WHILE_IDLE = 3;

async function idleRequests(page: Page, path: string, ready: (page: Page) => Promise<void>): Promise<string[]> {
  await page.goto(`${baseUrl()}${path}`);
  await ready(page);
  await page.waitForTimeout(SETTLE_MS);
  const seen: string[] = [];
  const count = (request: { url(): string; method(): string }) => seen.push(`${request.method()} ${request.url()}`);
  page.on("request", count);
  await page.waitForTimeout(IDLE_MS);
  page.off("request", count);
  return seen;
}

const pages: {
  name: string;
  path: (ctx: { conversation: string }) => string;
  who: "nobody" | "member" | "admin";
  ready: (page: Page) => Promise<void>;
}[] = [
  { name: "sign-in", path: () => "/login", who: "nobody", ready: (p) => expect(p.getByLabel("Email")).toBeVisible() },
  { name: "sign-up", path: () => "/signup", who: "nobody", ready: (p) => expect(p.locator("main")).toBeVisible() },
  {
    name: "invite",
    path: () => "/invite/no-such-invite-token-3f9a1c7e5b2d",
    who: "nobody",
    ready: (p) => expect(p.locator("main")).toBeVisible(),
  },
  { name: "chat", path: () => "/", who: "member", ready: (p) => expect(p.getByLabel("Message")).toBeVisible() },
  {
    name: "conversation",
    path: ({ conversation }) => `/c/${conversation}`,
    who: "member",
    ready: (p) => expect(p.getByTestId("message-assistant").last()).toHaveAttribute("data-status", "done"),
  },
  { name: "account", path: () => "/account", who: "member", ready: (p) => expect(p.getByTestId("session-row").first()).toBeVisible() },
  {
    name: "settings",
    path: () => "/settings",
    who: "member",
    ready: (p) => expect(p.getByRole("heading", { name: "Settings" })).toBeVisible(),
  },
  {
    name: "admin",
    path: () => "/admin",
    who: "admin",
    ready: (p) => expect(p.getByRole("heading", { name: "Hearth admin" })).toBeVisible(),
  },
  { name: "not found", path: () => "/no-such-page-8d2e6b1f4a9c", who: "member", ready: (p) => expect(p.locator("main")).toBeVisible() },
];

test("every page left idle makes at most a few requests", async ({ browser }) => {
  test.setTimeout(180_000);
  const member = await newMember("Idle Watcher");
  const contexts = { nobody: await browser.newContext(), member: await browser.newContext(), admin: await browser.newContext() };
  const memberPage = await contexts.member.newPage();
  await new AuthPage(memberPage).signIn(member.email, member.password);
  const chat = new ChatPage(memberPage);
  await chat.send("A question so there is a conversation to open.");
  await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(memberPage).toHaveURL(/\/c\//);
  const conversation = new URL(memberPage.url()).pathname.split("/").at(-1) ?? "";
  const adminPage = await contexts.admin.newPage();
  await new AuthPage(adminPage).signIn(admin.email, admin.password);
  await expect(adminPage.getByRole("link", { name: /New chat/ })).toBeVisible();

  const counts: Record<string, number> = {};
  const extra: string[] = [];
  for (const entry of pages) {
    const page = entry.who === "member" ? memberPage : entry.who === "admin" ? adminPage : await contexts.nobody.newPage();
    const seen = await idleRequests(page, entry.path({ conversation }), entry.ready);
    counts[entry.name] = seen.length;
    if (seen.length > MOST_WHILE_IDLE) extra.push(`${entry.name}: ${seen.slice(0, 5).join(", ")}`);
  }
  console.log(`requests in ${IDLE_MS / 1000} s idle: ${JSON.stringify(counts)}`);
  expect(extra, JSON.stringify(counts)).toEqual([]);
  for (const context of Object.values(contexts)) await context.close();
});
