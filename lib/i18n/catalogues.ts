// Both message catalogues, for the server: it picks one per request and hands only that one to the browser.
import type { Catalogue, Locale } from "./config";
import en from "./messages/en.json";
import zhCN from "./messages/zh-CN.json";

export const catalogues: Record<Locale, Catalogue> = { en, "zh-CN": zhCN };
