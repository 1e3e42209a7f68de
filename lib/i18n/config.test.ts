import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage } from "./config";

describe("localeFromAcceptLanguage", () => {
  it("picks Simplified Chinese for a Chinese browser", () => {
    expect(localeFromAcceptLanguage("zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("zh")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("zh-Hans-SG")).toBe("zh-CN");
  });

  it("honours q-values over order", () => {
    expect(localeFromAcceptLanguage("en;q=0.5, zh-CN;q=0.9")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("fr-FR, en-GB;q=0.8, zh;q=0.7")).toBe("en");
  });

  it("gives a Traditional Chinese browser Chinese, not English", () => {
    expect(localeFromAcceptLanguage("zh-TW,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("zh-HK")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("zh-MO,en;q=0.5")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("zh-Hant")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("zh-Hant-TW,en;q=0.9")).toBe("zh-CN");
  });

  it("falls back to English for other languages and no header", () => {
    expect(localeFromAcceptLanguage("fr-FR,de;q=0.9")).toBe("en");
    expect(localeFromAcceptLanguage(null)).toBe("en");
    expect(localeFromAcceptLanguage("zh;q=0")).toBe("en");
  });
});
