// The language of the request being served: the member's own choice, else the browser's Accept-Language.
import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { createFormatter, createTranslator } from "use-intl/core";
import { currentUser } from "../auth/session";
import { catalogues } from "./catalogues";
import { isLocale, type Locale, localeFromAcceptLanguage } from "./config";

export const TIME_ZONE_COOKIE = "hearth-tz";

export const getLocale = cache(async (): Promise<Locale> => {
  const user = await currentUser().catch(() => null);
  if (isLocale(user?.locale)) return user.locale;
  return localeFromAcceptLanguage((await headers()).get("accept-language"));
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The browser's time zone (a cookie its first page sets), so dates read the same on server and client. */
export const getTimeZone = cache(async (): Promise<string> => {
  const zone = (await cookies()).get(TIME_ZONE_COOKIE)?.value;
  return zone && isTimeZone(zone) ? zone : "UTC";
});

export async function getIntl() {
  const [locale, timeZone] = await Promise.all([getLocale(), getTimeZone()]);
  return { locale, timeZone, messages: catalogues[locale] };
}

export function translatorFor(locale: Locale, timeZone = "UTC") {
  return createTranslator({ locale, timeZone, messages: catalogues[locale] });
}

export type Translator = ReturnType<typeof translatorFor>;

/** For server components and route handlers: `const t = await getTranslator(); t("admin.title")`. */
export async function getTranslator(): Promise<Translator> {
  const { locale, timeZone } = await getIntl();
  return translatorFor(locale, timeZone);
}

export async function getFormatter() {
  const { locale, timeZone } = await getIntl();
  return createFormatter({ locale, timeZone });
}
