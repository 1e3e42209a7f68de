// The languages Hearth speaks and how a browser's Accept-Language picks one. Safe for client and server.
import type {} from "use-intl";
import type en from "./messages/en.json";

export const locales = ["en", "zh-CN"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";

export type Catalogue = typeof en;
export type ErrorKey = keyof Catalogue["errors"];

declare module "use-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: Catalogue;
  }
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/** The best of our languages for one language tag, e.g. "zh-Hans-CN" → zh-CN; null when none fits. */
function matchTag(tag: string): Locale | null {
  const lower = tag.trim().toLowerCase();
  if (lower === "en" || lower.startsWith("en-")) return "en";
  // Every Chinese variant, Traditional ones (zh-TW, zh-HK, zh-Hant) included: a reader of Traditional characters
  // reads Simplified far more easily than English.
  if (lower === "zh" || lower.startsWith("zh-")) return "zh-CN";
  return null;
}

/** Picks the language from an Accept-Language header ("zh-CN,zh;q=0.9,en;q=0.8"), honouring q-values. */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return defaultLocale;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag, q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const locale = matchTag(tag);
    if (locale) return locale;
  }
  return defaultLocale;
}
