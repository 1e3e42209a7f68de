import Link from "next/link";
import { getTranslator } from "@/lib/i18n/server";

export default async function NotFound() {
  const t = await getTranslator();
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3">
      <h1 className="text-xl font-semibold">{t("notFound.title")}</h1>
      <p className="text-zinc-600 dark:text-zinc-400">{t("notFound.body")}</p>
      <Link href="/" className="underline">
        {t("notFound.backToChat")}
      </Link>
    </main>
  );
}
