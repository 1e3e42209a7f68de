// A generated title reaches the sidebar without a reload: the first words show while the answer is written, then
// the title the worker made (the tiny model's words are gibberish, so the test checks that the text changed and
// that it is shown as plain text).
import { expect, test } from "@playwright/test";
import { newMember } from "./family";
import { baseUrl, ChatScreen, SignInScreen } from "./pages";

test("the sidebar item changes from the first words to the generated title without a reload", async ({ page }) => {
  test.setTimeout(180_000);
  const account = await newMember("Titles");
  await new SignInScreen(page).signIn(account.email, account.password);
  const chat = new ChatScreen(page);
  await expect(chat.composer()).toBeVisible();
  // Every text the sidebar's conversation links show, recorded as it changes; and a mark a reload would erase.
  await page.evaluate(() => {
    const w = window as unknown as { __titles: string[]; __sameDocument: boolean };
    w.__titles = [];
    w.__sameDocument = true;
    const record = () => {
      for (const link of document.querySelectorAll('[data-testid="conversation-link"]')) {
        const text = link.textContent ?? "";
        if (text && !w.__titles.includes(text)) w.__titles.push(text);
      }
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const first = "Plan a small garden with tomatoes and basil";
  await chat.chooseModel("Tiny Llama");
  await chat.send(first);
  await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(page).toHaveURL(/\/c\//);
  const conversationId = new URL(page.url()).pathname.split("/")[2] as string;
  const item = page.getByTestId("conversation-list").locator(`a[href="/c/${conversationId}"]`);

  // The generated title, as the list route serves it; then the same text in the sidebar, with no reload.
  let generated = first;
  await expect
    .poll(
      async () => {
        const response = await page.request.get(`${baseUrl()}/api/conversations`);
        const list = (await response.json()) as { conversations: { id: string; title: string }[] };
        generated = list.conversations.find((c) => c.id === conversationId)?.title ?? first;
        return generated;
      },
      { timeout: 30_000 },
    )
    .not.toBe(first);
  await expect(item).toHaveText(generated);
  const seen = await page.evaluate(() => {
    const w = window as unknown as { __titles?: string[]; __sameDocument?: boolean };
    return { titles: w.__titles ?? [], sameDocument: w.__sameDocument === true };
  });
  expect(seen.sameDocument).toBe(true);
  expect(seen.titles).toContain(first);
  // Plain text: the title is the link's only content, never markup of its own.
  expect(await item.locator("span").evaluate((span) => span.children.length)).toBe(0);
  expect(generated).not.toMatch(/\n/);
});
