// API keys through the account page: made, shown once, working on /v1, and revoked. (Named to run after
// chat.spec.ts, which signs the admin up through the UI and must run first.)
import { expect, test } from "@playwright/test";
import { ApiKeysPanel } from "./api-keys-page";
import { newMember } from "./family";
import { baseUrl, SignInScreen } from "./pages";

test("a key made on the account page is shown once, works on /v1 and stops working when revoked", async ({ browser }) => {
  const account = await newMember("Keymaker");
  const page = await (await browser.newContext()).newPage();
  await new SignInScreen(page).signIn(account.email, account.password);
  const keys = new ApiKeysPanel(page);
  await keys.open();
  const name = "laptop-7f2c9e1a4b8d3";
  const secret = await keys.create(name);
  const models = () => fetch(`${baseUrl()}/v1/models`, { headers: { authorization: `Bearer ${secret}` } });
  const listed = await models();
  expect(listed.status).toBe(200);
  expect(((await listed.json()) as { data: { id: string }[] }).data.map((m) => m.id)).toContain("Tiny Llama");

  await page.reload();
  await expect(keys.row(name)).toBeVisible();
  await expect(keys.secretField()).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  await keys.revoke(name);
  expect((await models()).status).toBe(401);
});
