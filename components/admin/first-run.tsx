import { getEnv } from "@/lib/env";
import { getTranslator } from "@/lib/i18n/server";
import { listModelFiles } from "@/lib/models/paths";
import { ModelLibrary } from "./model-library";
import { OtherWaysToAddAModel } from "./other-ways";

/** The admin's chat page before any model is installed: choose one to download, upload or add one, then chat. */
export async function FirstRun() {
  const t = await getTranslator();
  const { modelsDir } = getEnv();
  const files = await listModelFiles(modelsDir);
  return (
    <div className="flex-1 overflow-y-auto">
      <div className="mx-auto max-w-3xl space-y-8 px-4 py-10">
        <div className="space-y-4">
          <h1 className="text-2xl font-semibold">{t("models.firstRunTitle")}</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("models.firstRunIntro")}</p>
          <ModelLibrary />
        </div>
        <OtherWaysToAddAModel files={files} modelsDir={modelsDir} />
      </div>
    </div>
  );
}
