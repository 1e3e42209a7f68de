// The spine through the real UI in Chromium: first admin, a model, a member who chats, Stop, reload.
import { expect, test } from "@playwright/test";
import { SLOW_MODEL_FILE } from "@/testkit/models";
import { TEST_MODEL_FILE } from "@/testkit/stack";
import { admin, member } from "./family";
import { AdminPage, AuthPage, baseUrl, ChatPage } from "./pages";

test("a family sets Hearth up and a member chats with a local model", async ({ page }) => {
  const auth = new AuthPage(page);
  const adminPage = new AdminPage(page);
  const chat = new ChatPage(page);

  await test.step("the first sign-up becomes the admin", async () => {
    await auth.signUpFirstAdmin(admin);
    await expect(page.getByRole("link", { name: "Admin" })).toBeVisible();
  });

  await test.step("the admin registers the model and creates a member", async () => {
    await adminPage.open();
    await expect(page.getByTestId("workers-online")).toContainText("Model workers online: 1.");
    // The e2e stack runs with HEARTH_GPU=false: the worker says it generates on the CPU.
    await expect(page.getByTestId("worker-backend")).toContainText("CPU on");
    await adminPage.addModel("Broken", "../../etc/passwd");
    await expect(page.getByText(/must stay inside the models folder/)).toBeVisible();
    await adminPage.addModel("Tiny Llama", TEST_MODEL_FILE);
    await expect(page.getByTestId("model-row").filter({ hasText: "Tiny Llama" })).toContainText("default");
    await adminPage.addModel("Slow Llama", SLOW_MODEL_FILE);
    await expect(page.getByTestId("model-row").filter({ hasText: "Slow Llama" })).toBeVisible();
    await adminPage.addMember(member);
    await page.goto(process.env.HEARTH_E2E_BASE_URL ?? "");
    await auth.signOut();
  });

  await test.step("a wrong password is refused", async () => {
    await auth.signIn(member.email, "not the password");
    await expect(page.getByText("Wrong email or password.")).toBeVisible();
  });

  let firstAnswer = "";
  await test.step("the member sees the answer stream in token by token", async () => {
    await auth.signIn(member.email, member.password);
    await expect(page.getByLabel("Message")).toBeVisible();
    await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
    await chat.watchNextAnswer();
    const eventsRequests: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/events")) eventsRequests.push(request.url());
    });
    await chat.send("Hello! What is a hearth?");
    await expect(page).toHaveURL(/\/c\/[a-z0-9-]+$/);
    const answer = chat.lastAnswer();
    await expect(answer).toHaveAttribute("data-status", "done", { timeout: 60_000 });
    // The whole answer came on the send's own response: no separate events request.
    expect(eventsRequests).toEqual([]);
    const states = await chat.partialStates();
    firstAnswer = await chat.source(answer);
    expect(firstAnswer.length).toBeGreaterThan(0);
    // At least two different partial texts were on screen before the answer completed.
    expect(new Set(states).size).toBeGreaterThanOrEqual(2);
    for (const state of states) expect(firstAnswer.startsWith(state)).toBe(true);
    const stats = await chat.answerDetails(answer);
    expect(stats).toContain("Started writing after");
    const ttft = await answer.getAttribute("data-ttft-ms");
    console.log(`[measure] send→first token in browser: ${ttft} ms; shown: ${stats}; partial states: ${states.length}`);
    // Listed as the conversation on screen; its first words give way to a generated title (tests/e2e/titles.spec.ts).
    await expect(page.getByTestId("conversation-link").first()).not.toHaveText("");
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await answer.getByRole("button", { name: "Copy", exact: true }).click();
    await expect(answer.getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(firstAnswer);
  });

  let stoppedText = "";
  await test.step("Stop ends the answer early and keeps what was generated", async () => {
    await chat.send("Tell me a very long story, please.");
    const answer = chat.lastAnswer();
    await expect(answer).toHaveAttribute("data-status", "generating");
    await expect(answer.getByTestId("message-content")).not.toHaveText(/^▍?$/);
    await page.getByRole("button", { name: "Stop" }).click();
    await expect(answer).toHaveAttribute("data-status", "stopped");
    stoppedText = await chat.source(answer);
    expect(stoppedText.length).toBeGreaterThan(0);
    await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
  });

  await test.step("HTML in a message is shown as text, never run", async () => {
    const payload = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;
    await chat.send(payload);
    await expect(page.getByTestId("message-user").last()).toHaveText(payload);
    await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done", { timeout: 60_000 });
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const warm = chat.lastAnswer();
    console.log(
      `[measure] model loaded: send→first token in browser ${await warm.getAttribute("data-ttft-ms")} ms; shown: ${await chat.answerDetails(warm)}`,
    );
  });

  await test.step("after a reload the conversation is there exactly as stored", async () => {
    await page.reload();
    const answers = page.getByTestId("message-assistant");
    await expect(answers).toHaveCount(3);
    await expect(answers.nth(0).getByTestId("message-content")).toHaveAttribute("data-source", firstAnswer);
    await expect(answers.nth(1).getByTestId("message-content")).toHaveAttribute("data-source", stoppedText);
    await expect(answers.nth(1)).toHaveAttribute("data-status", "stopped");
    await expect(page.getByTestId("message-user").first()).toHaveText("Hello! What is a hearth?");
  });
});

test("another member cannot open someone else's conversation", async ({ page, browser }) => {
  const auth = new AuthPage(page);
  await auth.signIn(member.email, member.password);
  await page.getByTestId("conversation-link").first().click();
  await expect(page).toHaveURL(/\/c\//);
  const theirs = page.url();
  const other = await browser.newPage();
  await new AuthPage(other).signIn(admin.email, admin.password);
  await expect(other.getByLabel("Message")).toBeVisible();
  const response = await other.goto(theirs);
  expect(response?.status()).toBe(404);
  await expect(other.getByText("not yours to see")).toBeVisible();
  await other.close();
});

test("reloading mid-answer resumes the stream; the final text is what was stored", async ({ page }) => {
  const chat = new ChatPage(page);
  await new AuthPage(page).signIn(member.email, member.password);
  await page.getByLabel("Model").selectOption({ label: "Slow Llama" });
  await chat.send("A long answer, please, so I can reload the page.");
  const answer = chat.lastAnswer();
  await expect(answer).toHaveAttribute("data-status", "generating");
  await expect(answer.getByTestId("message-content")).toHaveText(/\S{3}/);
  const conversationUrl = page.url();
  const beforeReload = await chat.source(answer);

  // The answer was started by a send that streams; after the reload the events route resumes it.
  const resumedOn = page.waitForRequest((request) => request.url().includes("/events"));
  await page.reload();
  await resumedOn;
  await chat.watchNextAnswer();
  const resumed = chat.lastAnswer();
  await expect(resumed).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  const shown = await chat.source(resumed);
  const id = conversationUrl.split("/c/")[1];
  const stored = await page.request.get(`${baseUrl()}/api/conversations/${id}`).then((r) => r.json());
  const storedText = stored.conversation.messages.at(-1).content as string;
  expect(shown).toBe(storedText);
  // What was on screen before the reload, and every partial text after it, is a prefix of the stored answer:
  // nothing repeated, nothing missing.
  expect(storedText.startsWith(beforeReload)).toBe(true);
  const states = await chat.partialStates();
  for (const state of states) expect(storedText.startsWith(state)).toBe(true);
  console.log(
    `[measure] reload mid-answer: ${beforeReload.length} chars before reload, ${states.length} partial states after, ${storedText.length} chars stored`,
  );
});

test("a member deletes a conversation from the sidebar", async ({ page }) => {
  await new AuthPage(page).signIn(member.email, member.password);
  const links = page.getByTestId("conversation-link");
  await expect(links.first()).toBeVisible();
  const before = await links.count();
  await links.first().click();
  await expect(page).toHaveURL(/\/c\//);
  // The open conversation's own menu (its title may change meanwhile: a generated title can arrive).
  const open = page.getByTestId("conversation-item").filter({ has: page.locator('[aria-current="page"]') });
  await open.getByRole("button", { name: /^Options for / }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  await expect(links).toHaveCount(before - 1);
  await expect(page).toHaveURL(`${baseUrl()}/`);
  // The delete reaches the server once the Undo note is gone.
  await expect(page.getByRole("button", { name: "Undo" })).toBeHidden({ timeout: 15_000 });
  await page.reload();
  await expect(page.getByTestId("conversation-link")).toHaveCount(before - 1);
});

test("a member regenerates an answer and edits a question, flipping between versions that survive a reload", async ({ page }) => {
  const chat = new ChatPage(page);
  await new AuthPage(page).signIn(member.email, member.password);
  await page.getByLabel("Model").selectOption({ label: "Tiny Llama" });
  await chat.send("Which wood burns best?");
  const answer = chat.lastAnswer();
  await expect(answer).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  const firstId = await answer.getAttribute("data-message-id");

  await page.getByRole("button", { name: "Regenerate" }).click();
  await expect(chat.lastAnswer()).not.toHaveAttribute("data-message-id", firstId ?? "");
  await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  const secondId = await chat.lastAnswer().getAttribute("data-message-id");
  const answerBar = page.getByTestId("branch-bar-assistant").last();
  await expect(answerBar.getByTestId("branch-position")).toHaveText("2/2");

  // The version on screen is saved in the background; the reload waits for that save.
  const saved = page.waitForResponse((r) => /\/api\/conversations\/[^/]+$/.test(r.url()) && r.request().method() === "PATCH");
  await answerBar.getByRole("button", { name: "Previous version" }).click();
  await expect(chat.lastAnswer()).toHaveAttribute("data-message-id", firstId ?? "");
  await expect(answerBar.getByTestId("branch-position")).toHaveText("1/2");
  expect((await saved).ok()).toBe(true);
  await page.reload();
  await expect(chat.lastAnswer()).toHaveAttribute("data-message-id", firstId ?? "");
  await expect(page.getByTestId("branch-bar-assistant").last().getByTestId("branch-position")).toHaveText("1/2");

  await page.getByTestId("branch-bar-user").first().getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("Edit message").fill("Which wood smells best?");
  await page.getByRole("button", { name: "Send", exact: true }).first().click();
  await expect(page.getByTestId("message-user")).toHaveText(["Which wood smells best?"]);
  await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(page.getByTestId("branch-bar-user").first().getByTestId("branch-position")).toHaveText("2/2");
  await page.getByTestId("branch-bar-user").first().getByRole("button", { name: "Previous version" }).click();
  await expect(page.getByTestId("message-user")).toHaveText(["Which wood burns best?"]);
  // Below a version it shows the newest branch: here the regenerated answer.
  await expect(chat.lastAnswer()).toHaveAttribute("data-message-id", secondId ?? "");
  expect(secondId).not.toBe(firstId);
});

test("the conversation shows its model, which can be switched; a message too long for it is refused and kept", async ({ page }) => {
  const chat = new ChatPage(page);
  await new AuthPage(page).signIn(member.email, member.password);
  await page.getByTestId("conversation-link").first().click();
  await expect(page).toHaveURL(/\/c\//);
  const picker = page.getByLabel("Model");
  await expect(picker).toBeVisible();
  await expect(picker.locator("option:checked")).toHaveText("Tiny Llama");
  const switched = page.waitForResponse((r) => r.request().method() === "PATCH" && r.url().includes("/api/conversations/"));
  await picker.selectOption({ label: "Slow Llama" });
  expect((await switched).status()).toBe(200);
  await page.reload();
  await expect(page.getByLabel("Model").locator("option:checked")).toHaveText("Slow Llama");

  const long = "word ".repeat(5_940);
  await page.getByLabel("Message").fill(long);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText(/too long for the chosen model/)).toBeVisible();
  await expect(page.getByLabel("Message")).toHaveValue(long);
  await expect(chat.lastAnswer()).toHaveAttribute("data-status", "done");
});

test("a member gives a chat its own instructions and saves them as a prompt to reuse", async ({ page }) => {
  await new AuthPage(page).signIn(member.email, member.password);
  await page.getByTestId("conversation-link").first().click();
  await expect(page).toHaveURL(/\/c\//);
  await page.getByRole("button", { name: "Chat settings" }).click();
  const settings = page.getByRole("region", { name: "Chat settings" });
  await settings.getByLabel("Instructions for this chat").fill("Answer like a friendly pirate.");
  await settings.getByLabel("Longest answer").fill("16");
  await settings.getByLabel("Save these instructions as").fill("Pirate");
  await settings.getByRole("button", { name: "Save prompt" }).click();
  await settings.getByRole("button", { name: "Save settings" }).click();
  await expect(settings.getByText("Saved", { exact: true })).toBeVisible();

  await page.reload();
  await page.getByRole("button", { name: "Chat settings" }).click();
  await expect(settings.getByLabel("Instructions for this chat")).toHaveValue("Answer like a friendly pirate.");
  await expect(settings.getByLabel("Longest answer")).toHaveValue("16");
  await settings.getByLabel("Instructions for this chat").fill("");
  await settings.getByLabel("Use a saved prompt").selectOption({ label: "Pirate" });
  await expect(settings.getByLabel("Instructions for this chat")).toHaveValue("Answer like a friendly pirate.");
});
