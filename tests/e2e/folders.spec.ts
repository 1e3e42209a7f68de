// Folders in the sidebar: make one, drag a conversation into it (the menu on a phone), move another by its
// menu from the keyboard, give it instructions, rename it, delete it keeping its conversations — on a desktop
// in Chinese (so the drag runs in Chinese too) and in a 390 px phone's drawer in English.
import { expect, type Page, test } from "@playwright/test";
import pg from "pg";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import zh from "@/lib/i18n/messages/zh-CN.json" with { type: "json" };
import { newMember, signInAs } from "./family";

/** "trip chat 1" (newest) to "trip chat 3", straight into the database. */
async function seed(email: string): Promise<void> {
  const db = new pg.Client({ connectionString: process.env.HEARTH_E2E_DATABASE_URL });
  await db.connect();
  await db.query(
    `INSERT INTO "Conversation" (id, "userId", title, "createdAt", "updatedAt")
     SELECT gen_random_uuid()::text, u.id, 'trip chat ' || n, now() - n * interval '10 seconds', now() - n * interval '10 seconds'
     FROM "User" u, generate_series(1, 3) AS n WHERE u.email = $1`,
    [email],
  );
  await db.end();
}

const fill = (text: string, name: string) => text.replace(/\{\w+\}/, name);

function sidebarOf(page: Page, t: (typeof en)["sidebar"]) {
  const list = page.getByTestId("conversation-list");
  const folder = (name: string) =>
    list.getByTestId("folder").filter({ has: page.getByTestId("folder-name").getByText(name, { exact: true }) });
  const item = (title: string) => list.getByTestId("conversation-item").filter({ hasText: new RegExp(`^${title}`) });
  const dated = list.getByTestId("dated-conversations").getByTestId("conversation-link");
  const folderMenu = (name: string) => page.getByRole("button", { name: fill(t.folderMenuFor, name), exact: true });
  /** The folder's first button opens and closes it (its ⋯ menu button comes after). */
  const toggle = (name: string) => folder(name).getByRole("button").first();
  const itemMenu = (title: string) => page.getByRole("button", { name: fill(t.menuFor, title), exact: true });
  return { list, folder, item, dated, folderMenu, itemMenu, toggle };
}

for (const { locale, catalogue, phone } of [
  { locale: "zh-CN", catalogue: zh, phone: false },
  { locale: "en", catalogue: en, phone: true },
]) {
  test(`folders keep a member's conversations together (${locale}, ${phone ? "phone" : "desktop"})`, async ({ browser }) => {
    const t = catalogue.sidebar;
    const account = await newMember(`Folders ${locale}`);
    await seed(account.email);
    const page = await signInAs(browser, account, { locale, phone, catalogue });
    if (phone) await page.getByRole("button", { name: catalogue.sidebar.openConversations }).click();
    const side = sidebarOf(page, t);
    // Typed markup stays text: the name is shown as typed and makes no element.
    const name = "<b>Family trip</b> 旅行";

    await test.step("a new folder is named in place", async () => {
      await page.getByRole("button", { name: `+ ${t.newFolder}` }).click();
      await page.getByRole("textbox", { name: t.folderNameLabel }).fill(name);
      await page.keyboard.press("Enter");
      await expect(side.folder(name)).toHaveCount(1);
      await expect(side.folder(name).locator("b")).toHaveCount(0);
      await side.toggle(name).click();
      await expect(side.folder(name).getByText(t.emptyFolder)).toBeVisible();
    });

    await test.step(phone ? "a conversation moves in by its menu" : "a conversation is dragged into it", async () => {
      if (phone) {
        await side.itemMenu("trip chat 1").click();
        await page.getByRole("menuitem", { name: fill(t.moveTo, name) }).click();
      } else {
        await side.item("trip chat 1").dragTo(side.toggle(name));
      }
      await expect(side.folder(name).getByTestId("conversation-link")).toHaveText(["trip chat 1"]);
      await expect(side.dated).toHaveText(["trip chat 2", "trip chat 3"]);
    });

    await test.step("another moves in by its menu, from the keyboard", async () => {
      await side.itemMenu("trip chat 3").focus();
      await page.keyboard.press("Enter");
      const moveItem = page.getByRole("menuitem", { name: fill(t.moveTo, name) });
      for (let i = 0; i < 8 && !(await moveItem.evaluate((el) => el === document.activeElement)); i++)
        await page.keyboard.press("ArrowDown");
      await expect(moveItem).toBeFocused();
      await page.keyboard.press("Enter");
      await expect(side.folder(name).getByTestId("conversation-link")).toHaveText(["trip chat 1", "trip chat 3"]);
      await expect(side.dated).toHaveText(["trip chat 2"]);
      await expect(side.folder(name)).toContainText("2");
    });

    await test.step("its instructions are kept", async () => {
      await side.folderMenu(name).click();
      await page.getByRole("menuitem", { name: t.editInstructions }).click();
      await page.getByRole("textbox", { name: fill(t.folderInstructions, name) }).fill("Plan for two children and a grandmother.");
      // The panel closes at once; the reload waits for the save to reach the server.
      const saved = page.waitForResponse((r) => r.url().includes("/api/folders/") && r.request().method() === "PATCH");
      await page.getByRole("button", { name: t.save }).click();
      expect((await saved).ok()).toBe(true);
      await page.reload();
      if (phone) await page.getByRole("button", { name: t.openConversations }).click();
      await side.folderMenu(name).click();
      await page.getByRole("menuitem", { name: t.editInstructions }).click();
      await expect(page.getByRole("textbox", { name: fill(t.folderInstructions, name) })).toHaveValue(
        "Plan for two children and a grandmother.",
      );
      await page.getByRole("button", { name: t.cancel }).click();
    });

    await test.step("it is renamed in place", async () => {
      await side.folderMenu(name).click();
      await page.getByRole("menuitem", { name: t.renameFolder }).click();
      await page.getByRole("textbox", { name: t.folderNameLabel }).fill("Holidays 假期");
      await page.keyboard.press("Enter");
      await expect(side.folder("Holidays 假期")).toHaveCount(1);
      await expect(side.folder(name)).toHaveCount(0);
    });

    await test.step("deleted, its conversations stay, back in the dated list", async () => {
      await side.folderMenu("Holidays 假期").click();
      await page.getByRole("menuitem", { name: t.deleteFolder }).click();
      await expect(page.getByRole("button", { name: locale === "en" ? /its 2 conversations/ : /2 个对话/ })).toBeVisible();
      await page.getByRole("button", { name: t.keepConversations }).click();
      await expect(side.folder("Holidays 假期")).toHaveCount(0);
      await expect(side.dated).toHaveText(["trip chat 1", "trip chat 2", "trip chat 3"]);
    });
    await page.context().close();
  });
}
