// Files in a chat, in the browser: attach a PDF and a DOCX with the paperclip, see them become ready, ask,
// and open the answer's source marker: the passage with its file name and page.
import { expect, test } from "@playwright/test";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import { makeDocx, makePdf } from "@/testkit/documents";
import { newMember } from "./family";
import { ChatScreen, SignInScreen } from "./pages";

const lines = (topic: string) =>
  Array.from({ length: 8 }, (_, i) => `Line ${i} of the ${topic} notes: everything about the ${topic} is written here.`);

test("attach a PDF and a DOCX, ask, and open the cited passage with its page", async ({ page }) => {
  test.setTimeout(180_000);
  const account = await newMember("Reader");
  await new SignInScreen(page).signIn(account.email, account.password);
  const chat = new ChatScreen(page);
  await chat.chooseModel("Tiny Llama");
  const pdf = makePdf({ pages: [lines("kitchen"), [...lines("cellar"), "The boiler warranty code is QX-7781."], lines("garden")] });
  await page.getByTestId("file-input").setInputFiles([
    { name: "house.pdf", mimeType: "application/pdf", buffer: pdf },
    { name: "letter.docx", mimeType: "application/octet-stream", buffer: makeDocx(["锅炉的保修期是五年。", "Dear family."]) },
  ]);
  const attachments = page.getByTestId("attachment");
  await expect(attachments).toHaveCount(2);
  await expect(attachments.nth(0)).toHaveAttribute("data-status", "ready", { timeout: 120_000 });
  await expect(attachments.nth(1)).toHaveAttribute("data-status", "ready", { timeout: 120_000 });
  await expect(attachments.nth(0)).toContainText(en.documents.ready);

  await chat.send("What is the boiler warranty code QX-7781?");
  await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done", { timeout: 120_000 });
  const marker = chat.lastAnswer().getByTestId("source-marker").first();
  await expect(marker).toContainText("house.pdf");
  await marker.click();
  const passage = chat.lastAnswer().getByTestId("source-passage");
  await expect(passage).toContainText("house.pdf");
  await expect(passage).toContainText(/page \d/);
  await expect(passage).toContainText("QX-7781");

  // A follow-up question in the same conversation still uses the files.
  await chat.send("And the cellar notes?");
  await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done", { timeout: 120_000 });
  await expect(chat.lastAnswer().getByTestId("source-marker").first()).toBeVisible();
});
