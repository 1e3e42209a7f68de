// Page object for the account page's API keys panel.
import { expect, type Locator, type Page } from "@playwright/test";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import { baseUrl } from "./pages";

export class ApiKeysPanel {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto(`${baseUrl()}/account`);
    await expect(this.page.getByRole("heading", { name: en.apiKeys.title })).toBeVisible();
  }

  secretField(): Locator {
    return this.page.getByTestId("api-key-secret");
  }

  row(name: string): Locator {
    return this.page.getByTestId("api-key-row").filter({ hasText: name });
  }

  /** Makes a key that never expires; returns its secret as the page shows it (once). */
  async create(name: string): Promise<string> {
    await this.page.getByLabel(en.apiKeys.name, { exact: true }).fill(name);
    await this.page.getByRole("button", { name: en.apiKeys.create, exact: true }).click();
    await expect(this.secretField()).toBeVisible();
    await expect(this.row(name)).toBeVisible();
    return this.secretField().inputValue();
  }

  async revoke(name: string) {
    await this.row(name).getByRole("button", { name: en.apiKeys.revoke }).click();
    await expect(this.row(name)).toContainText(en.apiKeys.revoked);
  }
}
