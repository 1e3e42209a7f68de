// Exports in the browser: one conversation from its sidebar menu (Markdown and JSON downloads, read back),
// and everything from the account page (a ZIP holding conversations.json and the Markdown files); then, on a
// 390 px phone in Chinese, that ZIP imported into another member's account, and a ChatGPT ZIP beside it.
import fs from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import { unzipSync } from "fflate";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import zh from "@/lib/i18n/messages/zh-CN.json" with { type: "json" };
import { hearthExportSchema } from "@/lib/library/hearth-json";
import { brokenChatGptEntries, chatGptConversation, chatGptZip } from "@/testkit/exports";
import { newMember, signInAs } from "./family";
import { ImportPanel } from "./import-page";
import { baseUrl } from "./pages";
import { seedConversation } from "./seed";

const TITLE = "Picnic plans 野餐";

/** A conversation with two answers to one question; the second is on screen. */
async function seed(email: string): Promise<void> {
  const id = `export-${Date.now()}`;
  await seedConversation({
    email,
    id,
    title: TITLE,
    messages: [
      { id: `${id}-q`, parentId: null, role: "user", content: "Where shall we eat?" },
      { id: `${id}-hidden`, parentId: `${id}-q`, role: "assistant", content: "By the lake (an older answer)." },
      { id: `${id}-shown`, parentId: `${id}-q`, role: "assistant", content: "Under the **old oak**." },
    ],
  });
}

async function downloadFrom(page: Page, click: () => Promise<void>) {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  return { name: download.suggestedFilename(), body: await fs.readFile((await download.path()) as string) };
}

test("a conversation exports from its menu, and everything from the account page", async ({ browser }) => {
  const account = await newMember("Exporter");
  await seed(account.email);
  const page = await signInAs(browser, account, { locale: "en", phone: false, catalogue: en });

  const t = en.sidebar;
  const openMenu = () => page.getByRole("button", { name: t.menuFor.replace("{title}", TITLE) }).click();
  await openMenu();
  const markdown = await downloadFrom(page, () => page.getByRole("menuitem", { name: t.exportMarkdown }).click());
  expect(markdown.name).toBe(`${TITLE}.md`);
  const text = markdown.body.toString("utf8");
  expect(text).toMatch(/^# Picnic plans 野餐\n/);
  expect(text).toContain("Under the **old oak**.");
  expect(text).not.toContain("By the lake");
  await expect(page).toHaveURL(`${baseUrl()}/`); // the page stays where it was

  await openMenu();
  const json = await downloadFrom(page, () => page.getByRole("menuitem", { name: t.exportJson }).click());
  expect(json.name).toBe(`${TITLE}.json`);
  const file = hearthExportSchema.parse(JSON.parse(json.body.toString("utf8")));
  expect(file.conversations[0]?.messages.map((m) => m.content)).toEqual([
    "Where shall we eat?",
    "By the lake (an older answer).",
    "Under the **old oak**.",
  ]);

  await page.goto(`${baseUrl()}/account`);
  const zip = await downloadFrom(page, () => page.getByRole("link", { name: en.account.exportZip }).click());
  expect(zip.name).toMatch(/^hearth-export-\d{4}-\d\d-\d\d\.zip$/);
  const files = unzipSync(new Uint8Array(zip.body));
  const all = hearthExportSchema.parse(JSON.parse(new TextDecoder().decode(files["conversations.json"])));
  expect(all.conversations.map((c) => c.title)).toEqual([TITLE]);
  expect(new TextDecoder().decode(files[`markdown/${TITLE}.md`])).toContain("Under the **old oak**.");
  const everything = await downloadFrom(page, () => page.getByRole("link", { name: en.account.exportJson }).click());
  expect(hearthExportSchema.parse(JSON.parse(everything.body.toString("utf8"))).conversations).toHaveLength(1);
  await page.context().close();
});

test("on a 390 px phone in Chinese, everything one member exports imports into another's account with its branches, and so does a ChatGPT ZIP", async ({
  browser,
}) => {
  test.setTimeout(180_000); // two members, two imports, two conversations opened
  const options = { locale: "zh-CN", phone: true, catalogue: zh };
  const owner = await newMember("Exporter zh");
  const heir = await newMember("Importer zh");
  await seed(owner.email);
  const page = await signInAs(browser, owner, options);
  await page.goto(`${baseUrl()}/account`);
  const zip = await downloadFrom(page, () => page.getByRole("link", { name: zh.account.exportZip }).click());
  await page.context().close();

  const phone = await signInAs(browser, heir, options);
  const panel = new ImportPanel(phone, zh);
  await panel.open();
  await panel.importFile({ name: zip.name, mimeType: "application/zip", buffer: zip.body });
  await expect(panel.report()).toContainText(`${zip.name}：已导入 1 个对话，没有已存在的。`);
  const chatGpt = chatGptZip([chatGptConversation({ id: "zh-phone", text: "周末的计划" }), brokenChatGptEntries[0]]);
  await panel.importFile({ name: "chatgpt.zip", mimeType: "application/zip", buffer: chatGpt });
  await expect(panel.report()).toContainText("chatgpt.zip：已导入 1 个对话，没有已存在的。");
  await expect(panel.failures()).toHaveText(["#2 Broken: no messages：没有消息"]);

  // Each opens from the drawer on the branch that was on screen where it came from: the second answer of two.
  for (const { title, shown, hidden } of [
    { title: TITLE, shown: "Under the old oak.", hidden: "By the lake" },
    { title: "Chat 周末的计划", shown: "a picture", hidden: "first answer (old version)" },
  ]) {
    await phone.goto(baseUrl());
    await phone.getByRole("button", { name: zh.sidebar.openConversations }).click();
    await phone.getByTestId("conversation-link").filter({ hasText: title }).click();
    await expect(phone.getByTestId("branch-position")).toHaveText(["2/2"]);
    await expect(phone.getByTestId("message-assistant").last()).toContainText(shown);
    await expect(phone.getByText(hidden)).toHaveCount(0);
  }
  await phone.context().close();
});
