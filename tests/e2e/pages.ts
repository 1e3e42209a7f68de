// Page objects: what a person does on each screen, in their words.
import { expect, type Locator, type Page } from "@playwright/test";

export function baseUrl(): string {
  const url = process.env.HEARTH_E2E_BASE_URL;
  if (!url) throw new Error("HEARTH_E2E_BASE_URL is not set: the global setup did not run");
  return url;
}

export class AuthPage {
  constructor(private readonly page: Page) {}

  async signUpFirstAdmin(account: { name: string; email: string; password: string }) {
    await this.page.goto(`${baseUrl()}/login`);
    await expect(this.page).toHaveURL(/\/signup$/);
    await this.page.getByLabel("Your name").fill(account.name);
    await this.page.getByLabel("Email").fill(account.email);
    await this.page.getByLabel("Password").fill(account.password);
    await this.page.getByRole("button", { name: "Create admin account" }).click();
    await expect(this.page.getByLabel("Message")).toBeVisible();
  }

  async signIn(email: string, password: string) {
    await this.page.goto(`${baseUrl()}/login`);
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  async signOut() {
    await this.page.getByRole("button", { name: "Sign out" }).click();
    await expect(this.page).toHaveURL(/\/login/);
  }
}

export class AdminPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto(`${baseUrl()}/admin`);
    await expect(this.page.getByRole("heading", { name: "Hearth admin" })).toBeVisible();
  }

  async addModel(name: string, filePath: string) {
    const form = this.page.getByRole("form", { name: "Add a model" });
    await form.getByLabel("Display name").fill(name);
    await form.getByLabel(/GGUF file/).fill(filePath);
    await form.getByRole("button", { name: "Add model" }).click();
  }

  async addMember(account: { name: string; email: string; password: string }) {
    const form = this.page.getByRole("form", { name: "Add a family member" });
    await form.getByLabel("Name").fill(account.name);
    await form.getByLabel("Email").fill(account.email);
    await form.getByLabel("Password").fill(account.password);
    await form.getByRole("button", { name: "Add member" }).click();
    await expect(this.page.getByTestId("user-row").filter({ hasText: account.email })).toBeVisible();
  }
}

export class ChatPage {
  constructor(private readonly page: Page) {}

  lastAnswer() {
    return this.page.getByTestId("message-assistant").last();
  }

  async send(text: string) {
    await this.page.getByLabel("Message").fill(text);
    await this.page.getByRole("button", { name: "Send" }).click();
  }

  /** The markdown an answer shows (rendered text differs from it by design: no asterisks, hashes or pipes). */
  async source(answer: Locator): Promise<string> {
    return (await answer.getByTestId("message-content").getAttribute("data-source")) ?? "";
  }

  /** Opens an answer's details (the ⓘ button), reads them and closes them again with Escape. */
  async answerDetails(answer: Locator): Promise<string> {
    const button = answer.getByRole("button", { name: "Answer details" });
    await button.click();
    const panel = answer.getByTestId("answer-details");
    const text = (await panel.locator("li").allTextContents()).join(" · ");
    await this.page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
    return text;
  }

  /** Records every text the last answer shows, from before Send until it settles. */
  async watchNextAnswer() {
    await this.page.evaluate(() => {
      const w = window as unknown as { __states: string[] };
      w.__states = [];
      const record = () => {
        const answers = document.querySelectorAll('[data-testid="message-assistant"]');
        const last = answers[answers.length - 1];
        const text = last?.querySelector('[data-testid="message-content"]')?.getAttribute("data-source") ?? "";
        if (last?.getAttribute("data-status") === "generating" && text && w.__states.at(-1) !== text) w.__states.push(text);
      };
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  }

  async partialStates(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __states: string[] }).__states);
  }
}
