// In Chromium: the real pages run under their Content-Security-Policy without a violation; user-controlled
// text (messages, titles, names, model names) stays inert; a cross-site form post changes nothing.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Page, test } from "@playwright/test";
import { HearthClient } from "@/testkit/client";
import { TEST_MODEL_FILE } from "@/testkit/stack";
import { AuthPage, baseUrl } from "./pages";

const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct horse battery" };
const password = "an xss test password";

/** Each tries to run script (setting window.__xss or opening a dialog) or to reach an outside host. */
const XSS_CORPUS = [
  "<script>window.__xss=1;alert('script')</script>",
  "<img src=x onerror=\"window.__xss=1;alert('img')\">",
  "<svg onload=\"window.__xss=1;alert('svg')\"></svg>",
  "<svg><script>window.__xss=1;alert('svg script')</script></svg>",
  '<svg><a href="javascript:alert(\'svg link\')"><text x="0" y="15">tap</text></a></svg>',
  "<iframe src=\"javascript:alert('iframe')\"></iframe>",
  "<a href=\"javascript:alert('a')\">click</a>",
  "<details open ontoggle=\"window.__xss=1;alert('details')\">x</details>",
  "<input autofocus onfocus=\"window.__xss=1;alert('focus')\">",
  "<body onload=\"alert('body')\">",
  "<object data=\"javascript:alert('object')\"></object>",
  '<embed src="https://evil.example/embed.swf">',
  "<video><source onerror=\"window.__xss=1;alert('video')\"></video>",
  "<style>body{background:url(https://evil.example/style.png)}</style>",
  '<link rel="stylesheet" href="https://evil.example/x.css">',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  '<base href="https://evil.example/">',
  '<form action="https://evil.example/"><button>go</button></form>',
  '"><script>alert("attr")</script>',
  "'-alert('quote')-'",
  "[click me](javascript:alert('md link'))",
  "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "![pixel](https://evil.example/pixel.png)",
  "![x](x\" onerror=\"alert('md img'))",
  '<img src="https://evil.example/track.gif">',
  "<math><mi xlink:href=\"javascript:alert('mathml')\">x</mi></math>",
  "$\\href{javascript:alert('katex href')}{x}$",
  "$$\\url{javascript:alert('katex url')}$$",
  "$\\htmlData{onclick=alert(1)}{x}$ $\\htmlStyle{background:url(https://evil.example/k.png)}{x}$",
  "$\\def\\a{\\a\\a}\\a$",
  "```html\n<script>alert('code')</script>\n```",
  "<scr<script>ipt>alert('nested')</scr</script>ipt>",
  "javascript:alert('bare')",
  '<a href="https://evil.example/">phish</a>',
];

type Watch = { dialogs: string[]; outside: string[]; violations: string[] };

function watch(page: Page): Watch {
  const seen: Watch = { dialogs: [], outside: [], violations: [] };
  const ownHost = new URL(baseUrl()).host;
  page.on("dialog", (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (!["data:", "blob:", "about:"].includes(url.protocol) && url.host !== ownHost) seen.outside.push(request.url());
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) seen.violations.push(message.text());
  });
  return seen;
}

async function expectInert(page: Page, seen: Watch, where: string) {
  await page.waitForLoadState("networkidle");
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), where).toBeUndefined();
  expect(seen.dialogs, where).toEqual([]);
  expect(seen.outside, where).toEqual([]);
  expect(seen.violations, where).toEqual([]);
}

async function adminClient(): Promise<HearthClient> {
  const client = new HearthClient(baseUrl());
  await client.json("/api/signup", admin); // 403 when chat.spec already made the admin
  if (!(await client.login(admin.email, admin.password))) throw new Error("admin login failed");
  return client;
}

test("the real pages run under the CSP without a violation", async ({ page }) => {
  const api = await adminClient();
  await api.json("/api/admin/models", { name: "CSP Tiny", filePath: TEST_MODEL_FILE });
  const seen = watch(page);
  await page.goto(`${baseUrl()}/login`);
  await expectInert(page, seen, "/login");
  await new AuthPage(page).signIn(admin.email, admin.password);
  await expect(page.getByLabel("Message")).toBeVisible();
  // Hydrated and working under the policy: sending a message goes through the client-side code.
  await page.getByLabel("Message").fill("Hello under a strict policy");
  await page.getByLabel("Message").press("Enter");
  await expect(page).toHaveURL(/\/c\//);
  await expect(page.getByTestId("message-user").first()).toContainText("Hello under a strict policy");
  await page.reload();
  await page.goto(`${baseUrl()}/admin`);
  await expect(page.getByRole("heading", { name: "Hearth admin" })).toBeVisible();
  await expectInert(page, seen, "pages");
});

test(`user-controlled text renders inert: ${XSS_CORPUS.length} payloads in messages, titles, names and model names`, async ({ page }) => {
  test.setTimeout(240_000);
  const api = await adminClient();
  // Model names allow only letters, digits and . _ : ( ) - : most payloads are refused outright; the rest must render inert.
  const modelNames = [...XSS_CORPUS, "javascript:alert(1)", "data:text(html) - alert(1)"];
  const accepted = [];
  for (const [i, payload] of modelNames.entries()) {
    const status = (await api.json("/api/admin/models", { name: `${payload.slice(0, 70)} ${i}`, filePath: TEST_MODEL_FILE })).status;
    expect([201, 400]).toContain(status);
    if (status === 201) accepted.push(payload);
  }
  expect(accepted.length).toBeGreaterThanOrEqual(2);
  const email = `xss-${Date.now()}@example.com`;
  const name = XSS_CORPUS.slice(0, 3).join(" ");
  expect((await api.json("/api/admin/users", { name: name.slice(0, 80), email, password, role: "member" })).status).toBe(201);
  const member = new HearthClient(baseUrl());
  expect(await member.login(email, password)).toBe(true);
  const conversations: string[] = [];
  for (const payload of XSS_CORPUS) {
    // Each payload is a first message (so also a title); its answer is stopped to keep the queue short.
    const sent = await member.json<{ conversationId: string; generationId: string }>("/api/conversations", { content: payload });
    expect(sent.status).toBe(201);
    await member.json(`/api/generations/${sent.data.generationId}/stop`, {});
    conversations.push(sent.data.conversationId);
  }

  const seen = watch(page);
  await new AuthPage(page).signIn(email, password);
  await expect(page.getByLabel("Message")).toBeVisible();
  await expectInert(page, seen, "new chat with model names and the member's name");
  await expect(page.getByText("<script>window.__xss=1;alert('script')</script>").first()).toBeVisible();
  for (const id of conversations) {
    await page.goto(`${baseUrl()}/c/${id}`);
    await expect(page.getByTestId("message-user").first()).toBeVisible();
    await expectInert(page, seen, `/c/${id}`);
  }
  await page.context().clearCookies();
  await new AuthPage(page).signIn(admin.email, admin.password);
  await expect(page.getByLabel("Message")).toBeVisible();
  await page.goto(`${baseUrl()}/admin`);
  await expect(page.getByRole("heading", { name: "Hearth admin" })).toBeVisible();
  await expectInert(page, seen, "/admin with model and member names");
});

test("a cross-site form post cannot send a message for a signed-in member", async ({ page }) => {
  await adminClient();
  await new AuthPage(page).signIn(admin.email, admin.password);
  await expect(page.getByLabel("Message")).toBeVisible();
  const target = `${baseUrl()}/api/conversations`;
  // Another site (localhost is not the same site as 127.0.0.1): a form shaped to send JSON as text/plain, and a no-cors fetch.
  const evil = http.createServer((_req, res) => {
    res.setHeader("content-type", "text/html");
    res.end(`<!doctype html><body>
      <form method="POST" action="${target}" enctype="text/plain"><input name='{"content":"csrf via form","x":"' value='"}'></form>
      <script>
        fetch(${JSON.stringify(target)}, { method: "POST", mode: "no-cors", credentials: "include",
          headers: { "content-type": "text/plain" }, body: JSON.stringify({ content: "csrf via fetch" }) })
          .finally(() => document.forms[0].submit());
      </script></body>`);
  });
  await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
  try {
    const evilUrl = `http://localhost:${(evil.address() as AddressInfo).port}/`;
    const answered = page.waitForResponse((r) => r.url() === target && r.request().method() === "POST");
    await page.goto(evilUrl);
    expect([401, 403]).toContain((await answered).status());
  } finally {
    evil.close();
  }
  const list = await page.request.get(`${baseUrl()}/api/conversations`);
  expect(list.status()).toBe(200);
  const titles = ((await list.json()) as { conversations: { title: string }[] }).conversations.map((c) => c.title);
  expect(titles.filter((t) => t.includes("csrf"))).toEqual([]);
});
