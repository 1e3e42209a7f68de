// Both catalogues say the same things: the same keys, each a valid ICU message taking the same arguments.
import { type MessageFormatElement, parse, TYPE } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { locales } from "./config";
import en from "./messages/en.json";
import zhCN from "./messages/zh-CN.json";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const argumentKind: Partial<Record<TYPE, string>> = {
  [TYPE.argument]: "text",
  [TYPE.number]: "number",
  [TYPE.date]: "date",
  [TYPE.time]: "date",
  [TYPE.plural]: "plural",
  [TYPE.select]: "select",
  [TYPE.tag]: "tag",
};

/** Each argument a message takes, with its kind ("count:plural"), sorted. */
function argumentsOf(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      const kind = argumentKind[element.type];
      if (kind && "value" in element) found.add(`${element.value}:${kind}`);
      if ("options" in element) for (const option of Object.values(element.options)) walk(option.value);
      if ("children" in element) walk(element.children);
    }
  };
  walk(parse(message));
  return [...found].sort();
}

/** What is wrong between a reference catalogue and a translation, one line per problem. */
function compareCatalogues(reference: Tree, translation: Tree): string[] {
  const a = flatten(reference);
  const b = flatten(translation);
  const problems: string[] = [];
  for (const key of a.keys()) if (!b.has(key)) problems.push(`missing: ${key}`);
  for (const key of b.keys()) if (!a.has(key)) problems.push(`not in the reference: ${key}`);
  for (const [key, message] of a) {
    const other = b.get(key);
    if (other === undefined) continue;
    try {
      const want = argumentsOf(message).join(", ");
      const got = argumentsOf(other).join(", ");
      if (want !== got) problems.push(`arguments differ in ${key}: {${want}} vs {${got}}`);
    } catch (error) {
      problems.push(`not a valid ICU message in ${key}: ${(error as Error).message}`);
    }
    if (!other.trim()) problems.push(`empty: ${key}`);
  }
  return problems;
}

describe("message catalogues", () => {
  it("has one catalogue per language", () => {
    expect(locales).toEqual(["en", "zh-CN"]);
  });

  it("zh-CN has every English key, no others, and the same ICU arguments", () => {
    expect(compareCatalogues(en, zhCN)).toEqual([]);
  });

  it("the Chinese catalogue is really translated, not copied English", () => {
    const english = flatten(en);
    const words = (text: string) => text.replace(/\{[^{}]*\}/g, "");
    const copied = [...flatten(zhCN)].filter(([key, text]) => english.get(key) === text && /[a-z]{3}/i.test(words(text)));
    // Names that stay as they are in Chinese: the product and the English language's own name.
    expect(copied.map(([key]) => key)).toEqual(["app.name", "languages.en"]);
  });

  it("catches a missing key, an extra key, a renamed argument and a broken message", () => {
    const reference = { a: { b: "Hello {name}", c: "{n, plural, one {# item} other {# items}}" }, d: "x" };
    expect(compareCatalogues(reference, { a: { b: "你好 {nom}", c: "{n, plural, other {# 项}}" } })).toEqual([
      "missing: d",
      "arguments differ in a.b: {name:text} vs {nom:text}",
    ]);
    expect(compareCatalogues(reference, { a: { b: "你好 {name", c: "{n, number}" }, d: "x", e: "y" })).toEqual([
      "not in the reference: e",
      expect.stringMatching(/^not a valid ICU message in a.b/),
      "arguments differ in a.c: {n:plural} vs {n:number}",
    ]);
  });
});
