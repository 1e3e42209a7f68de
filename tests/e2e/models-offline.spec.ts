// The first run of a server with no internet: one plain word about it, and two ways to add a model that
// need none (upload, or a file already in the models folder), straight from the first page.
import net from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { type Stack, startStack } from "@/testkit/stack";
import { makeTinyGguf } from "@/tools/gguf/tiny-model";
import { ModelsPage } from "./pages";

let stack: Stack;

/** A loopback port nobody listens on: the Hub is unreachable, as on a server with no internet. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  stack = await startStack({ extraEnv: { HF_ENDPOINT: `http://127.0.0.1:${await closedPort()}` } });
  await makeTinyGguf({ out: path.join(stack.modelsDir, "copied-by-hand.gguf"), ctx: 1024 });
});

test.afterAll(async () => {
  await stack?.stop();
});

test("offline first run: said once, Download off, and a file already on the server makes the page the chat", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`${stack.baseUrl}/signup`);
  await page.getByLabel("Your name").fill("Ada");
  await page.getByLabel("Email").fill("ada@example.com");
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByRole("heading", { name: "Choose a model to get started" })).toBeVisible();

  const models = new ModelsPage(page);
  await expect(page.getByTestId("hub-offline")).toHaveText(/^This server cannot reach the internet \(Hugging Face\)/, { timeout: 60_000 });
  // Said once, not under every entry; no entry offers a download that cannot work.
  await expect(page.getByText(/cannot be reached|Could not check it/)).toHaveCount(0);
  const entries = models.recommended(/./);
  expect(await entries.count()).toBeGreaterThan(2);
  for (const button of await entries.getByRole("button", { name: /Download/ }).all()) await expect(button).toBeDisabled();

  // Both ways that need no internet are on this first page.
  await expect(page.getByRole("form", { name: "Upload a model" })).toBeVisible();
  const addForm = page.getByRole("form", { name: "Add a model" });
  await addForm.getByLabel("Display name").fill("Copied by hand");
  await addForm.getByLabel(/GGUF file/).fill("copied-by-hand.gguf");
  await addForm.getByRole("button", { name: "Add model" }).click();
  await expect(page.getByLabel("Message")).toBeVisible({ timeout: 30_000 });
});
