"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { type Locale, locales } from "@/lib/i18n/config";
import { saveTheme, type Theme, themes } from "@/lib/theme";
import { useErrorText } from "../i18n/use-error-text";
import { api } from "../ui/api";
import { ChoiceSelect } from "../ui/choice-select";

const themeLabel = { system: "themeSystem", light: "themeLight", dark: "themeDark" } as const;
const AUTO = "auto";

export function SettingsForm(props: { locale: Locale | null; theme: Theme }) {
  const t = useTranslations("settings");
  const tLanguages = useTranslations("languages");
  const errorText = useErrorText();
  const router = useRouter();
  const [locale, setLocale] = useState<string>(props.locale ?? AUTO);
  const [theme, setTheme] = useState(props.theme);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);

  async function changeLocale(value: string) {
    setLocale(value);
    setStatus(null);
    try {
      await api("/api/settings", { method: "PATCH", body: { locale: value === AUTO ? null : value } });
      // The server renders every page in the new language; refresh this one now.
      router.refresh();
    } catch (e) {
      setStatus({ error: true, text: errorText(e) });
    }
  }

  return (
    <div className="space-y-8">
      <label className="block text-sm">
        <span className="mb-1 block font-medium">{t("language")}</span>
        <ChoiceSelect
          value={locale}
          noneLabel={t("languageAuto")}
          noneValue={AUTO}
          choices={locales.map((l) => ({ id: l, name: tLanguages(l), lang: l }))}
          onChange={(value) => void changeLocale(value)}
          className="w-full rounded-lg border border-zinc-300 bg-transparent px-3 py-2 dark:border-zinc-700"
        />
      </label>
      <fieldset className="space-y-2 text-sm">
        <legend className="mb-1 font-medium">{t("theme")}</legend>
        {themes.map((value) => (
          <label key={value} className="flex items-center gap-2">
            <input
              type="radio"
              name="theme"
              value={value}
              checked={theme === value}
              onChange={() => {
                setTheme(value);
                saveTheme(value);
              }}
            />
            {t(themeLabel[value])}
          </label>
        ))}
      </fieldset>
      {status && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {status.text}
        </p>
      )}
      <section aria-labelledby="shortcuts-heading" className="space-y-2 text-sm">
        <h2 id="shortcuts-heading" className="font-medium">
          {t("shortcuts")}
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          <Shortcut keys="Ctrl/⌘ + Shift + O" label={t("shortcutNewChat")} />
          <Shortcut keys="Shift + Esc  /  /" label={t("shortcutFocus")} />
          <Shortcut keys="Esc" label={t("shortcutStop")} />
          <Shortcut keys="Enter" label={t("shortcutSend")} />
          <Shortcut keys="Shift + Enter" label={t("shortcutNewLine")} />
        </dl>
      </section>
    </div>
  );
}

function Shortcut({ keys, label }: { keys: string; label: string }) {
  return (
    <>
      <dt>
        <kbd className="rounded border border-zinc-300 px-1.5 py-0.5 font-mono text-xs dark:border-zinc-700">{keys}</kbd>
      </dt>
      <dd>{label}</dd>
    </>
  );
}
