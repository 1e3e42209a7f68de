// The accounts and models the browser tests share, set up over HTTP when a spec file runs on its own.
// chat.spec.ts signs the admin up through the UI and runs first (files run in name order).

import { type Browser, expect, type Page } from "@playwright/test";
import type en from "@/lib/i18n/messages/en.json";
import { HearthClient } from "@/testkit/client";
import { SLOW_MODEL_FILE } from "@/testkit/models";
import { TEST_MODEL_FILE } from "@/testkit/stack";
import { baseUrl } from "./pages";

export const admin = { name: "Ada Admin", email: "ada@example.com", password: "correct horse battery" };
export const member = { name: "Ben Member", email: "ben@example.com", password: "another long secret" };

export type Account = { name: string; email: string; password: string };

async function signedInAdmin(): Promise<HearthClient> {
  const client = new HearthClient(baseUrl());
  await client.json("/api/signup", admin); // 201 the first time, 403 once the admin exists
  if (!(await client.login(admin.email, admin.password))) throw new Error("the admin cannot sign in");
  return client;
}

/** Makes sure the admin and both test models exist; returns a fresh member (or child) of the family. */
export async function newMember(name: string, role: "member" | "child" = "member"): Promise<Account> {
  const client = await signedInAdmin();
  for (const [modelName, filePath] of [
    ["Tiny Llama", TEST_MODEL_FILE],
    ["Slow Llama", SLOW_MODEL_FILE],
  ]) {
    const { status } = await client.json("/api/admin/models", { name: modelName, filePath });
    if (status !== 201 && status !== 409) throw new Error(`registering ${modelName} failed: ${status}`);
  }
  const account = {
    name,
    email: `${name.toLowerCase().replace(/\W+/g, "-")}-${Date.now()}@example.com`,
    password: "a long enough password",
  };
  const { status } = await client.json("/api/admin/users", { ...account, role });
  if (status !== 201) throw new Error(`creating ${name} failed: ${status}`);
  return account;
}

/** A new browser context (a 390 px phone or a desktop, in a locale) signed in as the account. */
export async function signInAs(
  browser: Browser,
  account: Account,
  options: { locale: string; phone: boolean; catalogue: typeof en },
): Promise<Page> {
  const context = await browser.newContext({
    locale: options.locale,
    viewport: options.phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const t = options.catalogue.auth;
  await page.goto(`${baseUrl()}/login`);
  await page.getByLabel(t.email).fill(account.email);
  await page.getByLabel(t.password).fill(account.password);
  await page.getByRole("button", { name: t.signIn }).click();
  await expect(page).toHaveURL(`${baseUrl()}/`);
  return page;
}
