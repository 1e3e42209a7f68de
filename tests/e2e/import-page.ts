// Page object for the account page's import panel.
import { expect, type Locator, type Page } from "@playwright/test";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import { baseUrl } from "./pages";

export class ImportPanel {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto(`${baseUrl()}/account`);
    await expect(this.page.getByRole("heading", { name: en.import.title })).toBeVisible();
  }

  report(): Locator {
    return this.page.getByTestId("import-report");
  }

  progress(): Locator {
    return this.page.getByRole("progressbar", { name: en.import.importProgress });
  }

  failures(): Locator {
    return this.page.getByTestId("import-failures").getByRole("listitem");
  }

  /** Chooses the file and presses Import, as a member does. */
  async importFile(file: { name: string; mimeType: string; buffer: Buffer }) {
    await this.page.getByLabel(en.import.file, { exact: true }).setInputFiles(file);
    await this.page.getByRole("button", { name: en.import.start, exact: true }).click();
  }
}
