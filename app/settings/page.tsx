import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SettingsForm } from "@/components/settings/settings-form";
import { PageHeader } from "@/components/ui/page-header";
import { currentUser } from "@/lib/auth/session";
import { isLocale } from "@/lib/i18n/config";
import { getTranslator } from "@/lib/i18n/server";
import { isTheme, THEME_COOKIE } from "@/lib/theme";

export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  const [t, jar] = await Promise.all([getTranslator(), cookies()]);
  const theme = jar.get(THEME_COOKIE)?.value;
  return (
    <main className="mx-auto max-w-xl space-y-8 p-6">
      <PageHeader title={t("settings.title")} backLabel={t("notFound.backToChat")} />
      <SettingsForm locale={isLocale(user.locale) ? user.locale : null} theme={isTheme(theme) ? theme : "system"} />
    </main>
  );
}
