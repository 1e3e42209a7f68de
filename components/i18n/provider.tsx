"use client";

// The browser side of lib/i18n: the server picks the language and passes only its catalogue down.
import { IntlProvider } from "use-intl";
import type { Catalogue, Locale } from "@/lib/i18n/config";

export function I18nProvider(props: { locale: Locale; timeZone: string; messages: Catalogue; children: React.ReactNode }) {
  return (
    <IntlProvider locale={props.locale} timeZone={props.timeZone} messages={props.messages}>
      {props.children}
    </IntlProvider>
  );
}
