import { getTranslator } from "@/lib/i18n/server";
import { ModelLibrary } from "./model-library";

/** The admin's chat page before any model is installed: choose one to download, then chat. */
export async function FirstRun() {
  const t = await getTranslator();
  return (
    <div className="flex-1 overflow-y-auto">
      <div className="mx-auto max-w-3xl space-y-4 px-4 py-10">
        <h1 className="text-2xl font-semibold">{t("models.firstRunTitle")}</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("models.firstRunIntro")}</p>
        <ModelLibrary />
      </div>
    </div>
  );
}
