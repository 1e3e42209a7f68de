// The admin page as sections behind a menu: each one linkable and a few keys away, a badge for people waiting
// for approval, and usage charts that share one scale with an axis.
import { expect, type Page, test } from "@playwright/test";
import { admin, newMember } from "./family";
import { AuthPage, baseUrl, ChatPage } from "./pages";

async function signedInAs(page: Page, email: string, password: string) {
  await new AuthPage(page).signIn(email, password);
  await expect(page.getByRole("link", { name: /New chat/ })).toBeVisible();
}

async function inView(page: Page, id: string): Promise<boolean> {
  return page.evaluate((target) => {
    const box = document.getElementById(target)?.getBoundingClientRect();
    // Scrolled to it: at or near the top, or as near as the end of the page allows.
    return Boolean(box && window.scrollY > 0 && box.top >= -1 && box.top < window.innerHeight - 40);
  }, id);
}

test("each admin section is a link away, by mouse, by address and by keyboard", async ({ page }) => {
  await newMember("Menu Reader");
  await signedInAs(page, admin.email, admin.password);
  await page.goto(`${baseUrl()}/admin`);
  const menu = page.getByRole("navigation", { name: "Admin sections" });
  await menu.getByRole("link", { name: "Family members" }).click();
  await expect(page).toHaveURL(/\/admin#users$/);
  await expect.poll(() => inView(page, "users")).toBe(true);

  await page.goto(`${baseUrl()}/admin#usage`);
  await expect.poll(() => inView(page, "usage")).toBe(true);

  // From the top of the page, the family list is a handful of Tabs away (it took 44 on the one long page).
  await page.goto(`${baseUrl()}/admin`);
  let presses = 0;
  for (; presses < 12; presses++) {
    await page.keyboard.press("Tab");
    const name = await page.evaluate(() => document.activeElement?.textContent ?? "");
    if (name.startsWith("Family members")) break;
  }
  expect(presses).toBeLessThan(12);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#users$/);
});

test("the menu shows a badge while someone waits for approval", async ({ page, request }) => {
  await newMember("Badge Setup");
  await signedInAs(page, admin.email, admin.password);
  expect((await page.request.put(`${baseUrl()}/api/admin/settings`, { data: { openSignUp: true } })).status()).toBe(200);
  try {
    const email = `waiting-${Date.now()}@example.com`;
    expect(
      (
        await request.post(`${baseUrl()}/api/signup`, { data: { name: "Waiting Wren", email, password: "a long enough password" } })
      ).status(),
    ).toBe(201);
    // The chat's sidebar says so too, and its Admin link goes straight to the family list.
    await page.goto(baseUrl());
    const sidebarLink = page.getByRole("link", { name: /^Admin/ });
    await expect(sidebarLink).toHaveAccessibleName(/(person waits|people wait) for approval/);
    await sidebarLink.click();
    await expect(page).toHaveURL(/\/admin#users$/);
    const link = page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: /^Family members/ });
    const waiting = await page.getByTestId("user-row").filter({ hasText: "waiting for approval" }).count();
    expect(waiting).toBeGreaterThan(0);
    await expect(link.getByTestId("menu-badge")).toContainText(String(waiting));
    await expect(link).toHaveAccessibleName(new RegExp(`Family members.*${waiting} (person waits|people wait) for approval`));
  } finally {
    await page.request.put(`${baseUrl()}/api/admin/settings`, { data: { openSignUp: false } });
  }
});

test("usage charts share one scale with an axis: bars compare across members", async ({ browser, page }) => {
  test.setTimeout(420_000);
  const light = await newMember("Light User");
  const heavy = await newMember("Heavy User");
  for (const [account, questions] of [
    [light, ["One question only."]],
    [heavy, ["First of two.", "Second of two."]],
  ] as const) {
    const tab = await (await browser.newContext()).newPage();
    await signedInAs(tab, account.email, account.password);
    const chat = new ChatPage(tab);
    for (const question of questions) {
      await chat.send(question);
      await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done", { timeout: 120_000 });
    }
    await tab.context().close();
  }
  await signedInAs(page, admin.email, admin.password);
  await page.goto(`${baseUrl()}/admin#usage`);
  const today = async (name: string) => {
    const chart = page.getByRole("img", { name: `Tokens per day for ${name}` });
    const bar = chart.getByTestId("usage-bar").last();
    return {
      scale: Number(await chart.getAttribute("data-scale-max")),
      tokens: Number(await bar.getAttribute("data-tokens")),
      height: Number(await bar.getAttribute("height")),
      axis: await chart.getByTestId("usage-axis-top").textContent(),
    };
  };
  const a = await today("Light User");
  const b = await today("Heavy User");
  expect(a.tokens).toBeGreaterThan(0);
  expect(b.tokens).toBeGreaterThan(0);
  // One scale for everyone, at least the largest day, written on the axis.
  expect(a.scale).toBe(b.scale);
  expect(a.scale).toBeGreaterThanOrEqual(Math.max(a.tokens, b.tokens));
  expect(a.axis).toBe(`${a.scale.toLocaleString("en")} tokens`);
  // Each bar's height is its tokens on that scale (46 px for the whole scale; at least 1 px), so two members'
  // bars compare: 2,062 and 1,456 tokens no longer draw the same bar.
  for (const member of [a, b]) expect(Math.abs(member.height - Math.max(1, (member.tokens / member.scale) * 46))).toBeLessThan(0.01);
});
