// Export all: links that download every conversation, streamed by the server (a ZIP or one JSON file).
import { getTranslator } from "@/lib/i18n/server";
import { Panel } from "../ui/panel";

const linkClass =
  "inline-block rounded-lg border border-zinc-300 px-4 py-2 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";

export async function ExportPanel() {
  const t = await getTranslator();
  return (
    <Panel id="export" title={t("account.exportTitle")} className="space-y-3">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("account.exportHint")}</p>
      <div className="flex flex-wrap gap-2">
        <a href="/api/account/export?format=zip" download data-testid="export-zip" className={linkClass}>
          {t("account.exportZip")}
        </a>
        <a href="/api/account/export?format=json" download data-testid="export-json" className={linkClass}>
          {t("account.exportJson")}
        </a>
      </div>
    </Panel>
  );
}
