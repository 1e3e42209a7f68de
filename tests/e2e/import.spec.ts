// A member imports ChatGPT's newer ZIP export on the account page: upload, progress, the report with each
// conversation that could not be read, then an imported conversation on the branch that was on screen, with
// its hostile text shown as text. (Named to run after chat.spec.ts, which signs the admin up.)
import { expect, test } from "@playwright/test";
import { brokenChatGptEntries, chatGptConversation, chatGptZip, XSS_TEXT } from "@/testkit/exports";
import { newMember } from "./family";
import { ImportPanel } from "./import-page";
import { baseUrl, SignInScreen } from "./pages";

test("a member imports a ChatGPT ZIP, follows its progress, reads the report and opens an imported conversation", async ({ browser }) => {
  test.setTimeout(180_000);
  const account = await newMember("Importer");
  const page = await (await browser.newContext()).newPage();
  await new SignInScreen(page).signIn(account.email, account.password);
  // Enough conversations that the import is still running when the upload's answer arrives.
  const filler = Array.from({ length: 300 }, (_, i) => chatGptConversation({ text: `filler ${i}`, createTime: 1_600_000_000 + i }));
  const conversations = [
    chatGptConversation({ id: "hostile", text: XSS_TEXT, createTime: 1_750_000_000 }),
    ...brokenChatGptEntries,
    ...filler,
  ];
  const panel = new ImportPanel(page);
  await panel.open();
  await panel.importFile({ name: "chatgpt-export.zip", mimeType: "application/zip", buffer: chatGptZip(conversations, 50) });

  await expect(panel.progress()).toBeVisible();
  await expect(panel.report()).toHaveAttribute("data-status", "done", { timeout: 150_000 });
  await expect(panel.report()).toContainText("chatgpt-export.zip: 301 conversations imported, none already here.");
  await expect(panel.failures()).toHaveCount(3);
  await expect(panel.failures().first()).toContainText("Broken: no messages: no messages");

  await page.goto(baseUrl());
  await page.getByTestId("conversation-link").filter({ hasText: "危险的文字" }).click();
  await expect(page).toHaveURL(/\/c\//);
  await expect(page.getByTestId("message-user").first()).toContainText(`${XSS_TEXT} question`);
  // The branch that was on screen in ChatGPT: its second answer (2/2) and what followed it.
  await expect(page.getByTestId("branch-position")).toHaveText(["2/2"]);
  await expect(page.getByTestId("message-assistant").last()).toContainText("a picture");
  await expect(page.getByText("first answer (old version)")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('main img[src="x"]')).toHaveCount(0);
});
