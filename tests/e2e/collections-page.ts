// Page objects for family collections: the admin page's Collections section, and the `#` picker in the composer.
import { expect, type Locator, type Page } from "@playwright/test";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import { baseUrl } from "./pages";

export class CollectionsAdmin {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto(`${baseUrl()}/admin#collections`);
    await expect(this.page.getByRole("heading", { name: en.collections.title })).toBeVisible();
  }

  async create(name: string, audience: keyof typeof en.collections.audiences = "everyone") {
    const form = this.page.getByRole("form", { name: en.collections.createForm });
    await form.getByLabel(en.collections.name, { exact: true }).fill(name);
    await form.getByRole("combobox", { name: en.collections.audience, exact: true }).selectOption(audience);
    await form.getByRole("button", { name: en.collections.create }).click();
    await expect(this.item(name)).toBeVisible();
  }

  /** The collection's box, found by its own "Add files to …" button (its name is an editable field). */
  item(name: string): Locator {
    const addFiles = this.page.getByRole("button", { name: en.collections.addFiles.replace("{name}", name), exact: true });
    return this.page.getByTestId("collection").filter({ has: addFiles });
  }

  async upload(name: string, file: { name: string; mimeType: string; buffer: Buffer }) {
    await this.item(name).getByTestId("collection-file-input").setInputFiles(file);
  }

  file(collection: string, fileName: string): Locator {
    return this.item(collection).getByTestId("collection-file").filter({ hasText: fileName });
  }
}

/** The composer's `#` list and the chips of the collections a chat uses. */
export class CollectionPickerScreen {
  constructor(private readonly page: Page) {}

  list(): Locator {
    return this.page.getByRole("listbox", { name: en.collections.pickerLabel });
  }

  option(name: string): Locator {
    return this.list().getByRole("option", { name: new RegExp(`^#${name}`) });
  }

  chips(): Locator {
    return this.page.getByTestId("collection-chip");
  }
}
