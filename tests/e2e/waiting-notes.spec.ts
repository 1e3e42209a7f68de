// What a member sees while the model server misbehaves, on a stack of its own (its worker is hung and killed):
// a note under the half-written answer, a banner on the page, and a visible restart of the answer.
import { expect, type Page, test } from "@playwright/test";
import { setUpFamily } from "@/testkit/family";
import { installSlowModel } from "@/testkit/models";
import { type Stack, startStack } from "@/testkit/stack";

let stack: Stack;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  stack = await startStack({ worker: true, extraEnv: { HEARTH_MAX_OUTPUT_TOKENS: "400" } });
  const { admin } = await setUpFamily(stack, ["Nora"]);
  await installSlowModel(stack.modelsDir, admin);
});

test.afterAll(async () => {
  stack?.signalWorker("SIGCONT");
  await stack?.stop();
});

async function signIn(page: Page) {
  await page.goto(`${stack.baseUrl}/login`);
  await page.getByLabel("Email").fill("nora@example.com");
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("textbox", { name: "Message" })).toBeVisible();
}

test("a hung worker is named under the half answer and on the page; a killed one restarts the answer visibly", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page);
  await page.getByLabel("Model", { exact: true }).selectOption({ label: "Slow" });
  await page.getByRole("textbox", { name: "Message" }).fill("Tell me a long story about a lighthouse.");
  await page.getByRole("button", { name: "Send" }).click();
  const answer = page.getByTestId("message-assistant").last();
  await expect(answer).toHaveAttribute("data-status", "generating", { timeout: 60_000 });
  await expect(answer.getByTestId("message-content")).toHaveText(/\S{3}/, { timeout: 60_000 });

  stack.signalWorker("SIGSTOP");
  const notResponding = "The model server is not responding — your message is kept and will be answered when it is back.";
  await expect(answer).toContainText(notResponding, { timeout: 45_000 });
  await expect(answer).toHaveAttribute("data-status", "generating");
  await page.reload();
  await expect(page.getByTestId("model-server-banner")).toContainText("The model server is restarting or not responding");
  await expect(page.getByTestId("message-assistant").last()).toContainText(notResponding, { timeout: 20_000 });

  await stack.stopWorker("SIGKILL");
  await stack.startWorker();
  const restarted = page.getByTestId("message-assistant").last();
  await expect(restarted).toContainText(/Restarting the answer|was started again/, { timeout: 90_000 });
  await expect(restarted).toHaveAttribute("data-status", "done", { timeout: 120_000 });
  await page.reload();
  await expect(page.getByTestId("model-server-banner")).toHaveCount(0);
});
