// Page object for the account page's import panel, in the language the page is in (English by default).
import { expect, type Locator, type Page } from "@playwright/test";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import { baseUrl, type Catalogue } from "./pages";

export class ImportPanel {
  constructor(
    private readonly page: Page,
    private readonly t: Catalogue = en,
  ) {}

  async open() {
    await this.page.goto(`${baseUrl()}/account`);
    await expect(this.page.getByRole("heading", { name: this.t.import.title })).toBeVisible();
  }

  report(): Locator {
    return this.page.getByTestId("import-report");
  }

  progress(): Locator {
    return this.page.getByRole("progressbar", { name: this.t.import.importProgress });
  }

  failures(): Locator {
    return this.page.getByTestId("import-failures").getByRole("listitem");
  }

  /** Chooses the file and presses Import, as a member does. */
  async importFile(file: { name: string; mimeType: string; buffer: Buffer }) {
    await this.page.getByLabel(this.t.import.file, { exact: true }).setInputFiles(file);
    await this.page.getByRole("button", { name: this.t.import.start, exact: true }).click();
  }
}
