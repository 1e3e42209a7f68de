// A member's own files in the browser: a file uploaded in one chat is listed on the account page (kind,
// pages, size, state, the chats that use it), added to a new chat from the paperclip's "From your files",
// cited by the answer, private (404 for another member and the admin) and deleted with a confirmation —
// on a desktop in English and on a 390 px phone in Chinese. Bad files each show their reason.
import { type Browser, expect, type Page, test } from "@playwright/test";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import zh from "@/lib/i18n/messages/zh-CN.json" with { type: "json" };
import { makeDocx, makePdf, malformedPdf, plainZip } from "@/testkit/documents";
import { type Account, admin, newMember, signInAs } from "./family";
import { FilesPanel, fileId, Paperclip } from "./files-page";
import { baseUrl, ChatScreen } from "./pages";

const ANSWER_MS = 120_000;

const houseNotes = () =>
  makePdf({
    pages: [
      ["The kitchen notes: the oven is cleaned on Fridays."],
      ["The cellar notes: the boiler warranty code is QX-7781."],
      ["The garden notes: the roses are cut in March."],
    ],
  });

function conversationIdOf(page: Page): string {
  const id = new URL(page.url()).pathname.match(/^\/c\/([^/]+)$/)?.[1];
  if (!id) throw new Error(`not on a conversation: ${page.url()}`);
  return id;
}

async function statusFor(browser: Browser, account: Account, url: string): Promise<number> {
  const page = await signInAs(browser, account, { locale: "en", phone: false, catalogue: en });
  const status = (await page.request.get(url)).status();
  await page.context().close();
  return status;
}

for (const { locale, catalogue, phone, threePages } of [
  { locale: "en", catalogue: en, phone: false, threePages: "3 pages" },
  { locale: "zh-CN", catalogue: zh, phone: true, threePages: "3 页" },
]) {
  test(`a file from one chat is listed, reused in a new chat, cited, private and deleted (${locale}, ${phone ? "phone" : "desktop"})`, async ({
    browser,
  }) => {
    test.setTimeout(360_000);
    const t = catalogue.documents;
    const account = await newMember(`Files ${locale}`);
    const page = await signInAs(browser, account, { locale, phone, catalogue });
    const chat = new ChatScreen(page, catalogue);
    const paperclip = new Paperclip(page, catalogue);
    const files = new FilesPanel(page, catalogue);

    // Uploaded in a first chat.
    await chat.chooseModel("Tiny Llama");
    await paperclip.upload([{ name: "house.pdf", mimeType: "application/pdf", buffer: houseNotes() }]);
    await expect(paperclip.attachment("house.pdf")).toHaveAttribute("data-status", "ready", { timeout: ANSWER_MS });
    await chat.send("Hello");
    await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done", { timeout: ANSWER_MS });
    const firstChat = conversationIdOf(page);

    // Listed on the account page with its facts, its state and the chat that uses it.
    await files.open();
    const row = files.row("house.pdf");
    await expect(row).toHaveAttribute("data-status", "ready");
    await expect(row).toContainText(`PDF · ${threePages}`);
    await expect(row.getByTestId("file-state")).toHaveText(t.ready);
    await expect(row.getByRole("link")).toHaveAttribute("href", `/c/${firstChat}`);
    if (phone) expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Added to a new chat from the paperclip's menu, and cited by the answer.
    await chat.open();
    await chat.chooseModel("Tiny Llama");
    await paperclip.addFromYourFiles("house.pdf");
    await expect(paperclip.attachment("house.pdf")).toHaveAttribute("data-status", "ready");
    await chat.send("What is the boiler warranty code QX-7781?");
    await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done", { timeout: ANSWER_MS });
    const marker = chat.lastAnswer().getByTestId("source-marker").first();
    await expect(marker).toContainText("house.pdf");
    await marker.click();
    await expect(chat.lastAnswer().getByTestId("source-passage")).toContainText("QX-7781");
    const secondChat = conversationIdOf(page);

    // Nobody else gets it: another member and the admin are told it does not exist.
    const url = `${baseUrl()}/api/documents/${await fileId(page, "house.pdf")}`;
    expect(await statusFor(browser, await newMember(`Other ${locale}`), url)).toBe(404);
    expect(await statusFor(browser, admin, url)).toBe(404);

    // Both chats use it now; deleting it (after a confirmation) takes it away, for its owner too.
    await files.open();
    const links = files.row("house.pdf").getByRole("link");
    await expect(links).toHaveCount(2);
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")).sort())).toEqual(
      [`/c/${firstChat}`, `/c/${secondChat}`].sort(),
    );
    await files.delete("house.pdf");
    await expect(page.getByText(t.noFiles)).toBeVisible();
    expect((await page.request.get(url)).status()).toBe(404);
    await page.context().close();
  });
}

test("bad files each show their reason: in the chat, and on the account page in the reader's language", async ({ browser }) => {
  test.setTimeout(240_000);
  const account = await newMember("Bad files");
  const page = await signInAs(browser, account, { locale: "en", phone: false, catalogue: en });
  const paperclip = new Paperclip(page, en);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  const pdf = "application/pdf";
  await paperclip.upload([
    { name: "locked.pdf", mimeType: pdf, buffer: makePdf({ pages: [["secret"]], encrypted: true }) },
    { name: "broken.pdf", mimeType: pdf, buffer: malformedPdf() },
    { name: "scan.pdf", mimeType: pdf, buffer: makePdf({ pages: [[""]], noText: true }) },
    // Bytes that are not what the names say: a picture called a PDF, a plain zip called a Word file.
    { name: "photo.pdf", mimeType: pdf, buffer: png },
    { name: "archive.docx", mimeType: "application/octet-stream", buffer: plainZip() },
    { name: "fine.docx", mimeType: "application/octet-stream", buffer: makeDocx(["A letter that reads well."]) },
  ]);
  const reasons: [string, string][] = [
    ["locked.pdf", en.errors.documentEncrypted],
    ["broken.pdf", en.errors.documentMalformed.split(" (")[0] ?? ""],
    ["scan.pdf", en.errors.documentNoText],
    ["photo.pdf", en.errors.documentKindUnknown],
    ["archive.docx", en.errors.documentNotDocx],
  ];
  for (const [name, reason] of reasons) {
    await expect(paperclip.attachment(name), name).toHaveAttribute("data-status", "failed", { timeout: ANSWER_MS });
    await expect(paperclip.attachment(name), name).toContainText(reason);
  }
  await expect(paperclip.attachment("fine.docx")).toHaveAttribute("data-status", "ready", { timeout: ANSWER_MS });

  // The ones the worker read and refused stay in the member's files, each with its reason in Chinese for a
  // Chinese reader; the picture was refused at upload and was never stored.
  const zhPage = await signInAs(browser, account, { locale: "zh-CN", phone: true, catalogue: zh });
  const files = new FilesPanel(zhPage, zh);
  await files.open();
  const zhReasons: [string, string][] = [
    ["locked.pdf", zh.errors.documentEncrypted],
    ["broken.pdf", zh.errors.documentMalformed.split("（")[0] ?? ""],
    ["scan.pdf", zh.errors.documentNoText],
    ["archive.docx", zh.errors.documentNotDocx],
  ];
  for (const [name, reason] of zhReasons) {
    await expect(files.row(name), name).toHaveAttribute("data-status", "failed");
    await expect(files.row(name).getByTestId("file-state"), name).toContainText(reason);
  }
  await expect(files.row("photo.pdf")).toHaveCount(0);
  await expect(files.row("fine.docx").getByTestId("file-state")).toHaveText(zh.documents.ready);
  await zhPage.context().close();
  await page.context().close();
});
