// Family collections in the browser: the admin creates "House manuals" and uploads a PDF to it; a member types
// `#Hou` in the composer, picks it with the keyboard, asks, and the answer's source marker names the
// collection's file (and the collection).
import { expect, test } from "@playwright/test";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import { HearthClient } from "@/testkit/client";
import { makePdf } from "@/testkit/documents";
import { CollectionPickerScreen, CollectionsAdmin } from "./collections-page";
import { admin, newMember } from "./family";
import { baseUrl, ChatScreen, SignInScreen } from "./pages";

const lines = (topic: string) =>
  Array.from({ length: 8 }, (_, i) => `Line ${i} of the ${topic} notes: everything about the ${topic} is written here.`);

/** A rerun of this spec on the same stack starts without the collection it creates. */
async function removeCollection(name: string) {
  const client = new HearthClient(baseUrl());
  if (!(await client.login(admin.email, admin.password))) throw new Error("the admin cannot sign in");
  const { data } = await client.json<{ collections: { id: string; name: string }[] }>("/api/admin/collections");
  for (const c of data.collections.filter((c) => c.name === name)) await client.json(`/api/admin/collections/${c.id}`, undefined, "DELETE");
}

test("the admin fills a collection; a member adds it with #, asks, and the source names its file", async ({ browser }) => {
  test.setTimeout(240_000);
  const account = await newMember("Collector");
  await removeCollection("House manuals");

  const adminPage = await (await browser.newContext()).newPage();
  await new SignInScreen(adminPage).signIn(admin.email, admin.password);
  const collections = new CollectionsAdmin(adminPage);
  await collections.open();
  await collections.create("House manuals");
  const pdf = makePdf({ pages: [lines("kitchen"), [...lines("cellar"), "The boiler warranty code is QX-7781."], lines("garden")] });
  await collections.upload("House manuals", { name: "boiler-manual.pdf", mimeType: "application/pdf", buffer: pdf });
  await expect(collections.file("House manuals", "boiler-manual.pdf")).toHaveAttribute("data-status", "ready", { timeout: 120_000 });

  const page = await (await browser.newContext()).newPage();
  await new SignInScreen(page).signIn(account.email, account.password);
  const chat = new ChatScreen(page);
  const picker = new CollectionPickerScreen(page);
  await chat.chooseModel("Tiny Llama");
  await chat.composer().pressSequentially("#Hou");
  await expect(picker.option("House manuals")).toBeVisible();
  // Escape closes the list and leaves the text; a new `#` opens it again.
  await chat.composer().press("Escape");
  await expect(picker.list()).toBeHidden();
  await chat.composer().fill("");
  await chat.composer().pressSequentially("#Hou");
  await expect(picker.option("House manuals")).toHaveAttribute("aria-selected", "true");
  await chat.composer().press("ArrowDown");
  await expect(picker.option("House manuals")).toHaveAttribute("aria-selected", "true");
  await chat.composer().press("Enter");
  await expect(picker.list()).toBeHidden();
  await expect(picker.chips()).toHaveText([/#House manuals/]);
  await expect(chat.composer()).toHaveValue("");

  await chat.send("What is the boiler warranty code QX-7781?");
  await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done", { timeout: 120_000 });
  const marker = chat.lastAnswer().getByTestId("source-marker").first();
  await expect(marker).toContainText("boiler-manual.pdf");
  await expect(marker).toContainText("House manuals");
  await marker.click();
  await expect(chat.lastAnswer().getByTestId("source-passage")).toContainText("QX-7781");

  // The chip stays with the conversation after a reload, and can be removed.
  await page.reload();
  await expect(picker.chips()).toHaveText([/#House manuals/]);
  await picker
    .chips()
    .getByRole("button", { name: en.collections.removeFromChat.replace("{name}", "House manuals") })
    .click();
  await expect(picker.chips()).toHaveCount(0);
});
