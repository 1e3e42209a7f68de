import type { Metadata, Viewport } from "next";
import { cookies, headers } from "next/headers";
import { I18nProvider } from "@/components/i18n/provider";
import { ModelServerBanner } from "@/components/status/model-server-banner";
import { getIntl, getTranslator } from "@/lib/i18n/server";
import { isTheme, THEME_COOKIE, themeScript } from "@/lib/theme";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator();
  return {
    title: t("app.name"),
    description: t("app.description"),
    applicationName: t("app.name"),
    icons: { icon: "/icons/favicon-32.png", apple: "/icons/apple-touch-icon.png" },
    appleWebApp: { capable: true, title: t("app.name"), statusBarStyle: "default" },
  };
}

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [{ locale, timeZone, messages }, jar, requestHeaders] = await Promise.all([getIntl(), cookies(), headers()]);
  // proxy.ts's fresh nonce for this page: the CSP lets no inline script run without it.
  const nonce = requestHeaders.get("x-nonce") ?? undefined;
  const saved = jar.get(THEME_COOKIE)?.value;
  const theme = isTheme(saved) ? saved : "system";
  return (
    // The head script may add "dark" before React hydrates, so the class can differ from the server's.
    <html lang={locale} className={theme === "dark" ? "dark" : undefined} suppressHydrationWarning>
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a fixed script of ours, no user input */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-dvh bg-white text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <I18nProvider locale={locale} timeZone={timeZone} messages={messages}>
          <ModelServerBanner />
          {children}
        </I18nProvider>
      </body>
    </html>
  );
}
