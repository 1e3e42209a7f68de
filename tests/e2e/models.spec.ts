// From the first sign-up to an answer from a freshly downloaded model, in the browser only; then the
// admin's model chores: cancel and resume a download, upload, edit settings, delete.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { type FakeHuggingFace, startFakeHuggingFace } from "@/testkit/fake-huggingface";
import { type Stack, startStack } from "@/testkit/stack";
import { makeTinyGguf } from "@/tools/gguf/tiny-model";
import { ChatPage, ModelsPage } from "./pages";

// A catalogue entry, served by the fake Hugging Face with a generated model's bytes.
const CATALOGUE_REPO = "Qwen/Qwen2.5-0.5B-Instruct-GGUF";
const CATALOGUE_FILE = "qwen2.5-0.5b-instruct-q4_k_m.gguf";
const CATALOGUE_NAME = "Qwen 2.5 0.5B Instruct";

let stack: Stack;
let hub: FakeHuggingFace;
let scratch: string;
let modelFile: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), "hearth-e2e-models-"));
  modelFile = path.join(scratch, "model.gguf");
  await makeTinyGguf({ out: modelFile, layers: 4, embd: 512, ff: 1024, vocab: 2048, ctx: 1024, type: "q8_0" });
  // Slow enough that the bar is seen moving and a reload lands mid-download.
  hub = await startFakeHuggingFace({ bytesPerSecond: 600_000 });
  await hub.addFile(CATALOGUE_REPO, CATALOGUE_FILE, modelFile);
  await hub.addFile("acme/Second-GGUF", "second-q8_0.gguf", modelFile);
  stack = await startStack({ extraEnv: { HF_ENDPOINT: hub.url } });
});

test.afterAll(async () => {
  await stack?.stop();
  await hub?.close();
  await fs.rm(scratch, { recursive: true, force: true });
});

/** Counts the clicks a person makes (not keystrokes). */
async function countClicks(page: Page) {
  await page.exposeFunction("__hearthClick", () => {
    clicks++;
  });
  await page.addInitScript(() => {
    document.addEventListener("click", () => (window as unknown as { __hearthClick: () => void }).__hearthClick(), true);
  });
}
let clicks = 0;

test("first sign-up → recommended model → download with progress that survives a reload → chat with it", async ({ page }) => {
  test.setTimeout(180_000);
  await countClicks(page);
  const models = new ModelsPage(page);
  await page.goto(`${stack.baseUrl}/login`);
  await expect(page).toHaveURL(/\/signup$/);
  await page.getByLabel("Your name").fill("Ada");
  await page.getByLabel("Email").fill("ada@example.com");
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create admin account" }).click();

  await expect(page.getByRole("heading", { name: "Choose a model to get started" })).toBeVisible();
  const entry = models.recommended(/Qwen 2\.5 0\.5B Instruct/);
  await expect(entry).toContainText(/fits \(/, { timeout: 60_000 });
  await entry.getByRole("button", { name: /Download/ }).click();

  const bar = models.pull(CATALOGUE_FILE);
  await expect(bar.getByRole("progressbar")).toBeVisible();
  await expect.poll(() => models.progressOf(CATALOGUE_FILE)).toBeGreaterThan(0);
  const beforeReload = await models.progressOf(CATALOGUE_FILE);
  expect(beforeReload).toBeLessThan(100);
  await expect(bar).toContainText(/\/s · .* left/);

  await page.reload();
  await expect(bar.getByRole("progressbar")).toBeVisible();
  await expect.poll(() => models.progressOf(CATALOGUE_FILE)).toBeGreaterThan(beforeReload);

  // Installed: the page becomes the chat.
  await expect(page.getByLabel("Message")).toBeVisible({ timeout: 90_000 });
  await page.getByLabel("Message").fill("Hello!");
  await page.getByRole("button", { name: "Send" }).click();
  const answer = page.getByTestId("message-assistant").last();
  await expect(answer).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(answer.getByTestId("message-content")).not.toBeEmpty();
  console.log(`[e2e] clicks from sign-up to answer: ${clicks}`);
  expect(clicks).toBeLessThanOrEqual(4);
});

test.describe("the admin's model chores", () => {
  test.beforeEach(async ({ page }) => {
    await page.goto(`${stack.baseUrl}/login`);
    await page.getByLabel("Email").fill("ada@example.com");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByLabel("Message")).toBeVisible();
    await page.goto(`${stack.baseUrl}/admin`);
  });

  test("cancel a download and resume it from a pasted huggingface.co address", async ({ page }) => {
    test.setTimeout(120_000);
    const models = new ModelsPage(page);
    await models.findOnHub("https://huggingface.co/acme/Second-GGUF");
    const file = page.getByTestId("hub-file").filter({ hasText: "second-q8_0.gguf" });
    await expect(file).toContainText("Q8_0");
    await file.getByRole("button", { name: /Download/ }).click();
    const pull = models.pull("second-q8_0.gguf");
    // The list of downloads sits far above the Hub box: the new download is brought into view.
    await expect(pull.getByRole("progressbar")).toBeInViewport();
    await expect.poll(() => models.progressOf("second-q8_0.gguf")).toBeGreaterThan(0);
    await pull.getByRole("button", { name: "Cancel" }).click();
    await expect(pull).toHaveAttribute("data-status", "cancelled");
    const stoppedAt = await models.progressOf("second-q8_0.gguf");
    await pull.getByRole("button", { name: "Resume" }).click();
    await expect(pull).toHaveAttribute("data-status", "done", { timeout: 90_000 });
    expect(stoppedAt).toBeGreaterThan(0);
    await expect(models.model("second-q8_0")).toBeVisible();
  });

  test("upload a model, edit its settings, delete it", async ({ page }) => {
    const models = new ModelsPage(page);
    await models.upload(modelFile, "Family helper");
    await expect(page.getByRole("status")).toContainText("Family helper is installed");
    const row = models.model("Family helper");
    await expect(row.getByTestId("model-details")).toContainText("llama");

    await row.getByRole("button", { name: "Settings" }).click();
    const form = page.getByRole("form", { name: "Settings of Family helper" });
    // Blank fields show what they stand for: the model's context (1024, under auto's ceiling), Hearth's defaults.
    await expect(form.getByLabel("Context size (tokens)")).toHaveAttribute("placeholder", "1024");
    await expect(form.getByLabel("Temperature")).toHaveAttribute("placeholder", "0.7");
    await expect(form.getByLabel("Top-k")).toHaveAttribute("placeholder", "40");
    await expect(form.getByLabel("Max answer tokens")).toHaveAttribute("placeholder", /^\d+$/);
    await form.getByLabel("Description members see").fill("best for homework");
    await form.getByLabel("Temperature").fill("0.3");
    await form.getByRole("button", { name: "Save settings" }).click();
    await expect(form.getByRole("status")).toContainText("Saved");
    await page.reload();
    await expect(models.model("Family helper")).toContainText("best for homework");

    page.once("dialog", (dialog) => void dialog.accept());
    await models.model("Family helper").getByRole("button", { name: "Delete" }).click();
    await expect(models.model("Family helper")).toHaveCount(0);
    await page.reload();
    await expect(models.model("Family helper")).toHaveCount(0);
  });

  test("a recommended model already installed: named by the catalogue, marked installed, never downloaded twice, its file kept", async ({
    page,
  }) => {
    const models = new ModelsPage(page);
    await expect(models.model(CATALOGUE_NAME)).toBeVisible();
    const entry = models.recommended(/Qwen 2\.5 0\.5B Instruct/);
    await expect(entry).toContainText(`Installed as ${CATALOGUE_NAME}`);
    await expect(entry.getByRole("button", { name: /Download/ })).toHaveCount(0);

    // Asked for again by its hf: name: refused in words, next to where it was asked.
    await models.findOnHub(`hf:${CATALOGUE_REPO}/${CATALOGUE_FILE}`);
    await page
      .getByTestId("hub-file")
      .getByRole("button", { name: /Download/ })
      .click();
    const refusal = page.getByRole("alert").filter({ hasText: "already installed" });
    await expect(refusal).toHaveText(`This model is already installed as “${CATALOGUE_NAME}”.`);
    await expect(refusal).toBeInViewport();
    await expect(models.pull(CATALOGUE_FILE)).toHaveCount(1);

    // The same file registered a second time, then that entry deleted: the file stays for the first.
    const installed = path.join("hub", ...CATALOGUE_REPO.split("/"), CATALOGUE_FILE);
    const addForm = page.getByRole("form", { name: "Add a model" });
    await addForm.getByLabel("Display name").fill("Second entry");
    await addForm.getByLabel(/GGUF file/).fill(installed);
    await addForm.getByRole("button", { name: "Add model" }).click();
    await expect(models.model("Second entry")).toBeVisible();
    page.once("dialog", (dialog) => void dialog.accept());
    await models.model("Second entry").getByRole("button", { name: "Delete" }).click();
    await expect(models.model("Second entry")).toHaveCount(0);
    await expect(fs.stat(path.join(stack.modelsDir, installed))).resolves.toBeTruthy();

    // The first entry still answers, and its answers say which model wrote them, also after a reload.
    await page.goto(`${stack.baseUrl}/`);
    const chat = new ChatPage(page);
    await page.getByLabel("Message").fill("Hello again");
    await page.getByRole("button", { name: "Send" }).click();
    const answer = page.getByTestId("message-assistant").last();
    await expect(answer).toHaveAttribute("data-status", "done", { timeout: 60_000 });
    await expect(answer).toHaveAttribute("title", `Written by ${CATALOGUE_NAME}`);
    expect(await chat.answerDetails(answer)).toContain(`Model: ${CATALOGUE_NAME}`);
    await page.reload();
    const stored = page.getByTestId("message-assistant").last();
    await expect(stored).toHaveAttribute("title", `Written by ${CATALOGUE_NAME}`);
    expect(await chat.answerDetails(stored)).toContain(`Model: ${CATALOGUE_NAME}`);
  });

  test("the Hub box takes owner/repo and hf.co/owner/repo, and names a missing file with the repo's others", async ({ page }) => {
    const models = new ModelsPage(page);
    for (const source of ["acme/Second-GGUF", "hf.co/acme/Second-GGUF"]) {
      await models.findOnHub(source);
      await expect(page.getByTestId("hub-file").filter({ hasText: "second-q8_0.gguf" }), source).toBeVisible();
    }
    await models.findOnHub("hf:acme/Second-GGUF/missing.gguf");
    await expect(page.getByRole("alert").filter({ hasText: "missing.gguf" })).toHaveText(
      "acme/Second-GGUF has no file missing.gguf. Its GGUF files:",
    );
    await expect(page.getByTestId("hub-file")).toHaveText([/second-q8_0\.gguf/]);
  });

  test("an upload with no name typed takes a valid one from its file name", async ({ page }) => {
    const models = new ModelsPage(page);
    const named = path.join(scratch, "My Tiny Model+v2.gguf");
    await fs.copyFile(modelFile, named);
    await models.upload(named, "");
    await expect(page.getByRole("status")).toContainText("My Tiny Model v2 is installed");
    await expect(models.model("My Tiny Model v2")).toBeVisible();
  });
});
