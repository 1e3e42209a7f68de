// The sidebar as a library: rename in place, pin, archive, delete with Undo, pages loaded on scroll —
// on a desktop and in a 390 px phone's drawer, in English and Chinese.

import { randomUUID } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import pg from "pg";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import zh from "@/lib/i18n/messages/zh-CN.json" with { type: "json" };
import { newMember, signInAs } from "./family";

type Sidebar = (typeof en)["sidebar"];

/** Conversations straight into the database, ten seconds apart, "old chat 1" the newest. */
async function seed(email: string, count: number): Promise<void> {
  const db = new pg.Client({ connectionString: process.env.HEARTH_E2E_DATABASE_URL });
  await db.connect();
  await db.query(
    `INSERT INTO "Conversation" (id, "userId", title, "createdAt", "updatedAt")
     SELECT gen_random_uuid()::text, u.id, 'old chat ' || n, now() - n * interval '10 seconds', now() - n * interval '10 seconds'
     FROM "User" u, generate_series(1, $2::int) AS n WHERE u.email = $1`,
    [email, count],
  );
  await db.end();
}

/** A conversation whose second answer (not on screen) holds the words searched for. */
async function seedBranches(email: string, hidden: string): Promise<{ conversationId: string; hiddenId: string }> {
  const db = new pg.Client({ connectionString: process.env.HEARTH_E2E_DATABASE_URL });
  await db.connect();
  const [conversationId, questionId, shownId, hiddenId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  await db.query(
    `INSERT INTO "Conversation" (id, "userId", title, "currentLeafId", "createdAt", "updatedAt")
     SELECT $1, id, 'Branches', $2, now() - interval '1 day', now() - interval '1 day' FROM "User" WHERE email = $3`,
    [conversationId, shownId, email],
  );
  const message = `INSERT INTO "Message" (id, "conversationId", "userId", "parentId", role, content, status, "createdAt", "updatedAt")
     SELECT $1, $2, "userId", $3, $4::"MessageRole", $5, 'done', now() - $6::interval, now() - $6::interval FROM "Conversation" WHERE id = $2`;
  await db.query(message, [questionId, conversationId, null, "user", "Where shall we walk?", "1 day"]);
  await db.query(message, [hiddenId, conversationId, questionId, "assistant", hidden, "23 hours"]);
  await db.query(message, [shownId, conversationId, questionId, "assistant", "Along the river, perhaps.", "22 hours"]);
  await db.end();
  return { conversationId, hiddenId };
}

async function openDrawer(page: Page, t: Sidebar, phone: boolean) {
  if (phone) await page.getByRole("button", { name: t.openConversations }).click();
}

for (const { locale, catalogue, phone } of [
  { locale: "en", catalogue: en, phone: false },
  { locale: "zh-CN", catalogue: zh, phone: true },
]) {
  test(`the sidebar organises a member's conversations (${locale}, ${phone ? "phone" : "desktop"})`, async ({ browser }) => {
    const t = catalogue.sidebar;
    const account = await newMember(`Lib ${locale}`);
    await seed(account.email, 120);
    const page = await signInAs(browser, account, { locale, phone, catalogue });
    await openDrawer(page, t, phone);
    const list = page.getByTestId("conversation-list");
    const links = list.getByTestId("conversation-link");

    await test.step("the first page is dated, more load on scroll", async () => {
      // Today, or yesterday when the test runs just after midnight.
      await expect(list.getByRole("heading", { name: new RegExp(`^(${t.groups.today}|${t.groups.yesterday})$`) }).first()).toBeVisible();
      await expect(links).toHaveCount(50);
      await links.last().scrollIntoViewIfNeeded();
      await expect(links).toHaveCount(100);
      await links.last().scrollIntoViewIfNeeded();
      await expect(links).toHaveCount(120);
    });

    await test.step("F2 renames, Escape cancels, Enter saves", async () => {
      const first = links.first();
      await first.focus();
      await page.keyboard.press("F2");
      const box = page.getByRole("textbox", { name: t.renameLabel });
      await box.fill("never saved");
      await page.keyboard.press("Escape");
      await expect(box).toBeHidden();
      await expect(links.first()).toHaveText("old chat 1");
      await links.first().focus();
      await page.keyboard.press("F2");
      await box.fill("Grandma's recipes 奶奶的食谱");
      await page.keyboard.press("Enter");
      await expect(links.first()).toHaveText(/Grandma's recipes 奶奶的食谱/);
    });

    await test.step("pinning lifts a conversation to the top", async () => {
      await page.getByRole("button", { name: t.menuFor.replace("{title}", "old chat 7"), exact: true }).click();
      await page.getByRole("menuitem", { name: t.pin, exact: true }).click();
      const pinned = list.locator("section").filter({ has: page.getByRole("heading", { name: t.pinned }) });
      await expect(pinned.getByTestId("conversation-link")).toHaveText(["old chat 7"]);
    });

    await test.step("archiving moves it to the archived list, one click away", async () => {
      await page.getByRole("button", { name: t.menuFor.replace("{title}", "old chat 3"), exact: true }).click();
      await page.getByRole("menuitem", { name: t.archive }).click();
      await expect(links.filter({ hasText: /^old chat 3$/ })).toHaveCount(0);
      await page.getByRole("button", { name: t.showArchived }).click();
      await expect(links).toHaveText(["old chat 3"]);
      await page.getByRole("button", { name: t.backToConversations }).click();
      await expect(links.first()).toBeVisible();
    });

    await test.step("a delete can be undone, and otherwise sticks after the note goes", async () => {
      await page.getByRole("button", { name: t.menuFor.replace("{title}", "old chat 2"), exact: true }).click();
      await page.getByRole("menuitem", { name: t.delete }).click();
      await expect(links.filter({ hasText: /^old chat 2$/ })).toHaveCount(0);
      await page.getByRole("button", { name: t.undo }).click();
      await expect(links.filter({ hasText: /^old chat 2$/ })).toHaveCount(1);
      await page.getByRole("button", { name: t.menuFor.replace("{title}", "old chat 4"), exact: true }).click();
      await page.getByRole("menuitem", { name: t.delete }).click();
      await expect(page.getByRole("button", { name: t.undo })).toBeHidden({ timeout: 15_000 });
      await page.reload();
      await openDrawer(page, t, phone);
      await expect(links.filter({ hasText: /^old chat 2$/ })).toHaveCount(1);
      await expect(links.filter({ hasText: /^old chat 4$/ })).toHaveCount(0);
      await expect(list.getByTestId("conversation-link").first()).toHaveText("old chat 7");
    });
    await test.step("search finds words on a branch not on screen and opens that branch", async () => {
      const words = phone ? "今天天气很好，我们去公园散步吧。" : "The children were running in the park all afternoon.";
      const query = phone ? "公园" : "run";
      const seeded = await seedBranches(account.email, words);
      if (phone) {
        await page.getByRole("button", { name: catalogue.search.open }).click();
      } else {
        await page.keyboard.press("Control+k");
      }
      await page.getByRole("searchbox", { name: catalogue.search.label }).fill(query);
      const results = page.getByTestId("search-results");
      await expect(results.locator("mark").first()).toHaveText(phone ? "公园" : "running");
      await results.getByRole("link").first().click();
      await expect(page).toHaveURL(new RegExp(`/c/${seeded.conversationId}\\?m=${seeded.hiddenId}`));
      const found = page.locator(`[data-message-id="${seeded.hiddenId}"]`);
      await expect(found).toBeVisible();
      await expect(found).toContainText(words);
      await expect(page.getByText("Along the river, perhaps.")).toHaveCount(0);
    });
    await page.context().close();
  });
}
