// Page objects for a member's files: the composer's paperclip (upload, or "From your files" and its picker)
// and the account page's "Your files". They take the catalogue of the language the browser shows.
import { expect, type Locator, type Page } from "@playwright/test";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import { baseUrl, type Catalogue } from "./pages";

type Upload = { name: string; mimeType: string; buffer: Buffer };

export class Paperclip {
  constructor(
    private readonly page: Page,
    private readonly t: Catalogue = en,
  ) {}

  attachment(name: string): Locator {
    return this.page.getByTestId("attachment").filter({ hasText: name });
  }

  async upload(files: Upload[]) {
    await this.page.getByTestId("file-input").setInputFiles(files);
  }

  /** Paperclip → "From your files" → the file in the picker. */
  async addFromYourFiles(name: string) {
    await this.page.getByRole("button", { name: this.t.documents.attach, exact: true }).click();
    await this.page.getByRole("menuitem", { name: this.t.documents.fromYourFiles }).click();
    const picker = this.page.getByRole("dialog", { name: this.t.documents.pickerTitle });
    await picker.getByRole("button", { name }).click();
    await expect(picker).toBeHidden();
    await expect(this.attachment(name)).toBeVisible();
  }
}

export class FilesPanel {
  constructor(
    private readonly page: Page,
    private readonly t: Catalogue = en,
  ) {}

  async open() {
    await this.page.goto(`${baseUrl()}/account`);
    await expect(this.page.getByRole("heading", { name: this.t.documents.yourFiles })).toBeVisible();
  }

  row(name: string): Locator {
    return this.page.getByTestId("file-row").filter({ hasText: name });
  }

  /** Delete, then the confirmation's own button. */
  async delete(name: string) {
    const row = this.row(name);
    await row.getByRole("button", { name: this.t.documents.delete.replace("{name}", name) }).click();
    await expect(row).toContainText(this.t.documents.confirmDelete.replace("{name}", name));
    await row.getByRole("button", { name: this.t.documents.deleteNow }).click();
    await expect(row).toHaveCount(0);
    await expect(this.page.getByText(this.t.documents.deleted.replace("{name}", name))).toBeVisible();
  }
}

/** The id of the signed-in member's file with that name, as their own list gives it. */
export async function fileId(page: Page, name: string): Promise<string> {
  const response = await page.request.get(`${baseUrl()}/api/documents`);
  const { documents } = (await response.json()) as { documents: { id: string; name: string }[] };
  const found = documents.find((d) => d.name === name);
  if (!found) throw new Error(`no file named ${name}`);
  return found.id;
}
