// Family share links in the browser: a member shares a conversation from its menu and copies the link,
// another signed-in member reads the snapshot (markup inert, later messages absent) on a desktop and on a 390 px
// phone in Chinese, the owner revokes it on the account page and the link is not found on either; on a phone, in
// Chinese, a child is refused until the admin allows it, then shares and revokes.
import { expect, type Page, test } from "@playwright/test";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import zh from "@/lib/i18n/messages/zh-CN.json" with { type: "json" };
import { admin, newMember, signInAs } from "./family";
import { baseUrl, type Catalogue } from "./pages";
import { addMessage, seedConversation } from "./seed";

const PHONE = { width: 390, height: 844 };
const fill = (text: string, value: string) => text.replace(/\{\w+\}/, value);

/** A conversation of one question and its answer, both carrying markup that must stay text. */
async function seed(email: string, title: string): Promise<string> {
  const id = `share-${Date.now()}`;
  await seedConversation({
    email,
    id,
    title,
    messages: [
      { id: `${id}-q`, parentId: null, role: "user", content: "Is <b>this</b> bold? <script>window.__shared = 1</script>" },
      {
        id: `${id}-a`,
        parentId: `${id}-q`,
        role: "assistant",
        content: 'Under the **old oak**. <img src="x" onerror="window.__shared = 1">',
      },
    ],
  });
  return id;
}

const desktop = { locale: "en", phone: false, catalogue: en };
const chinesePhone = { locale: "zh-CN", phone: true, catalogue: zh };

/** Opens the conversation's ⋯ menu (in the drawer on a phone) and chooses Share; returns the dialog. */
async function share(page: Page, title: string, options: { phone: boolean; catalogue: Catalogue }) {
  const t = options.catalogue;
  if (options.phone) await page.getByRole("button", { name: t.sidebar.openConversations }).click();
  await page.getByRole("button", { name: fill(t.sidebar.menuFor, title), exact: true }).click();
  await page.getByRole("menuitem", { name: t.shares.share }).click();
  const dialog = page.getByRole("dialog", { name: t.shares.dialogTitle });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(t.shares.explain);
  return dialog;
}

test("a member shares a conversation, another member reads the snapshot, and a revoked link is not found", async ({ browser }) => {
  test.setTimeout(180_000); // three sign-ins: the owner, the reader on a desktop and on a phone
  const owner = await newMember("Sharer");
  const reader = await newMember("Reader");
  const title = `Garden <i>plans</i> 花园 ${Date.now()}`;
  const conversationId = await seed(owner.email, title);

  const page = await signInAs(browser, owner, desktop);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl() });
  const dialog = await share(page, title, desktop);
  const link = dialog.getByTestId("share-link");
  await expect(link).toHaveValue(new RegExp(`^${baseUrl()}/share/[\\w-]{20,}$`));
  const url = await link.inputValue();
  await dialog.getByRole("button", { name: en.shares.copy }).click();
  await expect(dialog.getByRole("status")).toHaveText(en.shares.copied);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await dialog.getByRole("button", { name: en.shares.close }).click();
  await expect(dialog).toBeHidden();

  // A message added after sharing is not part of the snapshot.
  await addMessage(conversationId, {
    id: `${conversationId}-later`,
    parentId: `${conversationId}-a`,
    role: "user",
    content: "A later secret",
  });

  const other = await signInAs(browser, reader, desktop);
  await other.goto(url);
  await expect(other.getByRole("heading", { name: title })).toBeVisible();
  await expect(other.getByText(fill(en.shares.sharedBy, owner.name).split(" on ")[0] as string)).toBeVisible();
  const messages = other.getByTestId("shared-messages");
  await expect(messages.locator("li[data-role=user]")).toHaveText(/Is <b>this<\/b> bold\? <script>window.__shared = 1<\/script>/);
  // The answer's Markdown is rendered (no asterisks left), its HTML shown as text.
  const answer = messages.locator("li[data-role=assistant]");
  await expect(answer).toContainText('Under the old oak. <img src="x" onerror="window.__shared = 1">');
  await expect(answer).not.toContainText("**");
  await expect(messages.locator("b, script, img")).toHaveCount(0);
  await expect(messages).not.toContainText("A later secret");
  expect(await other.evaluate(() => (window as unknown as { __shared?: number }).__shared)).toBeUndefined();

  // The same link on the reader's phone, in Chinese: the snapshot fits the screen.
  const otherPhone = await signInAs(browser, reader, chinesePhone);
  await otherPhone.goto(url);
  await expect(otherPhone.getByRole("heading", { name: title })).toBeVisible();
  await expect(otherPhone.getByText(new RegExp(`^${owner.name} 于 .+ 分享$`))).toBeVisible();
  await expect(otherPhone.getByTestId("shared-messages").locator("li[data-role=assistant]")).toContainText("Under the old oak.");
  expect(await otherPhone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

  await page.goto(`${baseUrl()}/account`);
  const row = page.getByTestId("share-row").filter({ hasText: title });
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: en.shares.revoke }).click();
  await expect(page.getByTestId("share-row")).toHaveCount(0);
  await expect(page.getByText(en.shares.none)).toBeVisible();

  await other.reload();
  await expect(other.getByRole("heading", { name: en.notFound.title })).toBeVisible();
  await expect(other.getByTestId("shared-messages")).toHaveCount(0);
  await otherPhone.reload();
  await expect(otherPhone.getByRole("heading", { name: zh.notFound.title })).toBeVisible();
  await expect(otherPhone.getByTestId("shared-messages")).toHaveCount(0);
  await Promise.all([page, other, otherPhone].map((p) => p.context().close()));
});

test("on a 390 px phone in Chinese, a child's Share is refused until the admin allows it, then the child shares and revokes", async ({
  browser,
}) => {
  test.setTimeout(180_000); // the child and the admin sign in, the child shares twice and revokes
  const child = await newMember("Sharing Child", "child");
  const title = `Homework ${Date.now()}`;
  await seed(child.email, title);
  const phone = await signInAs(browser, child, chinesePhone);

  const refused = await share(phone, title, chinesePhone);
  await expect(refused.getByRole("alert")).toHaveText(zh.errors.sharesNotAllowed);
  await expect(refused.getByTestId("share-link")).toHaveCount(0);
  await refused.getByRole("button", { name: zh.shares.close }).click();

  const adminPage = await signInAs(browser, admin, desktop);
  await adminPage.goto(`${baseUrl()}/admin`);
  const allow = adminPage.getByRole("checkbox", { name: en.shares.childrenMayShare });
  await expect(allow).not.toBeChecked();
  try {
    await Promise.all([
      adminPage.waitForResponse((r) => r.url().endsWith("/api/admin/settings") && r.request().method() === "PUT"),
      allow.check(),
    ]);
    await adminPage.reload();
    await expect(allow).toBeChecked();

    await phone.reload();
    const dialog = await share(phone, title, chinesePhone);
    const link = dialog.getByTestId("share-link");
    await expect(link).toHaveValue(/\/share\/[\w-]{20,}$/);
    const url = await link.inputValue();
    // The dialog fits the phone: nothing to scroll sideways to reach the link or its Copy button.
    const box = await dialog.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
    await expect(dialog.getByRole("button", { name: zh.shares.copy })).toBeInViewport();
    await dialog.getByRole("button", { name: zh.shares.close }).click();

    await phone.goto(`${baseUrl()}/account`);
    await phone.getByTestId("share-row").filter({ hasText: title }).getByRole("button", { name: zh.shares.revoke }).click();
    await expect(phone.getByText(zh.shares.none)).toBeVisible();
    await phone.goto(url);
    await expect(phone.getByRole("heading", { name: zh.notFound.title })).toBeVisible();
  } finally {
    // Other specs expect the default back.
    const reset = await adminPage.request.put(`${baseUrl()}/api/admin/settings`, { data: { sharesForChildren: false } });
    expect(reset.status()).toBe(200);
  }
  await Promise.all([phone, adminPage].map((p) => p.context().close()));
});
