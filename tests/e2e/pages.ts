// Page objects: what a person does on each screen, in their words. The newer ones take the catalogue of
// the language the browser shows (default English), so the same steps run on the Chinese interface.
import { expect, type Locator, type Page } from "@playwright/test";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };

export type Catalogue = typeof en;

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
    // With no model yet the admin lands on "Choose a model"; the sidebar is there either way.
    await expect(this.page.getByRole("link", { name: /New chat/ })).toBeVisible();
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

/** The chat screen by its catalogue text, in whichever language the page is in. */
export class ChatScreen {
  constructor(
    private readonly page: Page,
    private readonly t: Catalogue = en,
  ) {}

  composer() {
    return this.page.getByRole("textbox", { name: this.t.composer.label, exact: true });
  }

  sendButton() {
    return this.page.getByRole("button", { name: this.t.composer.send, exact: true });
  }

  stopButton() {
    return this.page.getByRole("button", { name: this.t.composer.stop, exact: true });
  }

  lastAnswer() {
    return this.page.getByTestId("message-assistant").last();
  }

  async open() {
    await this.page.goto(baseUrl());
    await expect(this.composer()).toBeVisible();
  }

  async send(text: string) {
    await this.composer().fill(text);
    await this.sendButton().click();
  }

  async chooseModel(name: string) {
    await this.page.getByLabel(this.t.chat.model, { exact: true }).selectOption({ label: name });
  }

  /** Sends to the slow model and waits until its answer is being written. */
  async startLongAnswer(text: string) {
    await this.chooseModel("Slow Llama");
    await this.send(text);
    await expect(this.lastAnswer()).toHaveAttribute("data-status", "generating");
  }

  async focusedElementId(): Promise<string> {
    return this.page.evaluate(() => document.activeElement?.id ?? "");
  }
}

export class SignInScreen {
  constructor(
    private readonly page: Page,
    private readonly t: Catalogue = en,
  ) {}

  async signIn(email: string, password: string) {
    await this.page.goto(`${baseUrl()}/login`);
    await this.page.getByLabel(this.t.auth.email, { exact: true }).fill(email);
    await this.page.getByLabel(this.t.auth.password, { exact: true }).fill(password);
    await this.page.getByRole("button", { name: this.t.auth.signIn, exact: true }).click();
    await expect(new ChatScreen(this.page, this.t).composer()).toBeVisible();
  }
}

export class SettingsScreen {
  constructor(
    private readonly page: Page,
    private readonly t: Catalogue = en,
  ) {}

  /** Opens settings the way a member does: from the sidebar. */
  async open() {
    await this.page.getByRole("link", { name: this.t.sidebar.settings, exact: true }).click();
    await expect(this.page.getByRole("heading", { name: this.t.settings.title })).toBeVisible();
  }

  async chooseLanguage(label: string) {
    await this.page.getByRole("combobox", { name: this.t.settings.language, exact: true }).selectOption({ label });
  }

  async chooseTheme(label: string) {
    await this.page.getByRole("radio", { name: label, exact: true }).check();
  }
}

export class FamilyAdminPage {
  constructor(private readonly page: Page) {}

  row(email: string) {
    return this.page.getByTestId("user-row").filter({ hasText: email });
  }

  async makeInvite(role: "member" | "child" | "admin", note = ""): Promise<string> {
    const form = this.page.getByRole("form", { name: "Invite someone" });
    await form.getByLabel("Role").selectOption(role);
    await form.getByLabel("Note (who it is for)").fill(note);
    await form.getByRole("button", { name: "Make invite link" }).click();
    const link = this.page.getByTestId("invite-link");
    await expect(link).toHaveValue(/\/invite\//);
    return link.inputValue();
  }

  async disable(email: string) {
    await this.row(email).getByRole("button", { name: "Disable" }).click();
    await expect(this.row(email)).toContainText("disabled");
  }

  /** Sets a child's limits in their form; fields left out are cleared. */
  async setChildLimits(name: string, limits: { models?: string[]; dailyTokens?: number; hours?: { from: string; until: string } }) {
    const form = this.page.getByRole("form", { name: `Limits for ${name}` });
    for (const box of await form.getByRole("checkbox").all()) {
      const label = (await box.locator("xpath=..").textContent())?.trim() ?? "";
      await box.setChecked(limits.models?.includes(label) ?? false);
    }
    await form.getByLabel(/Daily tokens/).fill(limits.dailyTokens === undefined ? "" : String(limits.dailyTokens));
    await form.getByLabel("Chat from").fill(limits.hours?.from ?? "");
    await form.getByLabel("Chat until").fill(limits.hours?.until ?? "");
    const saved = this.page.waitForResponse((r) => r.url().endsWith("/limits") && r.request().method() === "PUT");
    await form.getByRole("button", { name: "Save limits" }).click();
    expect((await saved).status()).toBe(200);
  }
}

/** Getting and managing models, on the admin page or the admin's first-run chat page. */
export class ModelsPage {
  constructor(private readonly page: Page) {}

  recommended(name: RegExp) {
    return this.page.getByTestId("recommended-model").filter({ hasText: name });
  }

  pull(file: string) {
    return this.page.getByTestId("pull-row").filter({ hasText: file });
  }

  async progressOf(file: string): Promise<number> {
    return Number(await this.pull(file).getByRole("progressbar").getAttribute("aria-valuenow"));
  }

  async findOnHub(source: string) {
    await this.page.getByLabel("Hugging Face model").fill(source);
    await this.page.getByRole("button", { name: "Find" }).click();
  }

  async upload(filePath: string, name: string) {
    const form = this.page.getByRole("form", { name: "Upload a model" });
    await form.getByLabel("GGUF file from this computer").setInputFiles(filePath);
    await form.getByLabel("Name for the upload").fill(name);
    await form.getByRole("button", { name: "Upload" }).click();
  }

  model(name: string) {
    return this.page.getByTestId("model-row").filter({ hasText: name });
  }
}
