// A refused value is told in the asker's words: the field by its name in their language and the range it takes.
import fs from "node:fs";
import path from "node:path";
import { createTranslator } from "use-intl/core";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { updateModelSchema } from "@/app/api/admin/models/[id]/schema";
import { settingsSchema } from "@/app/api/settings/schema";
import { conversationSettingsSchema } from "@/lib/conversation-settings";
import { catalogues } from "../i18n/catalogues";
import type { ErrorKey, Locale } from "../i18n/config";
import { errorResponse } from "./route";

/** The message a person reads when `body` fails `schema`, in `locale`. */
async function refusal(schema: z.ZodType, body: unknown, locale: Locale): Promise<string> {
  const result = schema.safeParse(body);
  if (result.success) throw new Error("the body was accepted");
  const translate = createTranslator({ locale, messages: catalogues[locale] });
  const t = Object.assign((key: ErrorKey, values?: Record<string, string | number>) => translate(`errors.${key}`, values), {
    has: (key: string) => translate.has(`errors.${key}` as `errors.${ErrorKey}`),
  });
  const fields = catalogues[locale].fields as Record<string, string>;
  const response = errorResponse(result.error, t, (field) => fields[field] ?? null);
  expect(response.status).toBe(400);
  return ((await response.json()) as { error: { message: string } }).error.message;
}

describe("a refused field", () => {
  it("names a model's sampling setting and its whole range, in English and Chinese", async () => {
    const body = { sampling: { temperature: 2.5 } };
    expect(await refusal(updateModelSchema, body, "en")).toBe("Temperature must be between 0 and 2.");
    expect(await refusal(updateModelSchema, body, "zh-CN")).toBe("温度必须在 0 到 2 之间。");
    expect(await refusal(updateModelSchema, { sampling: { temperature: -1 } }, "en")).toBe("Temperature must be between 0 and 2.");
  });

  it("names a load setting with its range written as numbers are in that language", async () => {
    const body = { loadSettings: { contextSize: 2_000_000 } };
    expect(await refusal(updateModelSchema, body, "en")).toBe("Context size must be between 128 and 1,048,576.");
    expect(await refusal(updateModelSchema, body, "zh-CN")).toBe("上下文大小必须在 128 到 1,048,576 之间。");
    expect(await refusal(updateModelSchema, { loadSettings: { sequences: 1.5 } }, "en")).toBe("Parallel sequences must be a whole number.");
  });

  it("tells a conversation's top-p that 0 itself is not allowed", async () => {
    expect(await refusal(conversationSettingsSchema, { sampling: { topP: 0 } }, "en")).toBe("Top-p must be more than 0 and at most 1.");
    expect(await refusal(conversationSettingsSchema, { sampling: { temperature: "hot" } }, "zh-CN")).toBe("温度必须是数字。");
  });

  it("gives a text's length limit and an unknown choice by the field's name", async () => {
    expect(await refusal(updateModelSchema, { description: "x".repeat(121) }, "en")).toBe(
      "Description can be at most 120 characters long.",
    );
    expect(await refusal(settingsSchema, { locale: "fr" }, "en")).toBe("Language: this value is not valid.");
    expect(await refusal(settingsSchema, { locale: "fr" }, "zh-CN")).toBe("语言：这个值无效。");
  });
});

/** Every property name in a zod schema, nested objects, arrays and wrappers included. */
function fieldNames(schema: unknown, into: Set<string>): Set<string> {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } })?._zod?.def;
  if (!def) return into;
  if (def.type === "object") {
    for (const [name, inner] of Object.entries(def.shape as Record<string, unknown>)) {
      into.add(name);
      fieldNames(inner, into);
    }
  }
  for (const inner of [def.innerType, def.in, def.out, def.element, ...((def.options as unknown[]) ?? [])]) fieldNames(inner, into);
  return into;
}

function schemaFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? schemaFiles(path.join(dir, entry.name)) : entry.name === "schema.ts" ? [path.join(dir, entry.name)] : [],
    );
}

it("every field a route's schema takes has a name in both catalogues", async () => {
  const names = new Set<string>();
  for (const file of schemaFiles("app/api")) {
    for (const exported of Object.values(await import(path.resolve(file)))) fieldNames(exported, names);
  }
  expect(names.size).toBeGreaterThan(20);
  for (const locale of ["en", "zh-CN"] as const) {
    const missing = [...names].filter((name) => !(name in catalogues[locale].fields));
    expect(missing, `fields without a ${locale} name`).toEqual([]);
  }
});
