"use client";

import { useTranslations } from "use-intl";
import type { Catalogue, ErrorKey } from "@/lib/i18n/config";
import type { ImportView } from "@/lib/queries/imports";

type ReasonKey = `reasons.${keyof Catalogue["import"]["reasons"]}`;

/** One import as the member sees it: a progress bar while it runs, then what was imported and what was not. */
export function ImportReport({ report }: { report: ImportView }) {
  const t = useTranslations("import");
  const te = useTranslations("errors");
  const percent = report.totalBytes > 0 ? Math.min(100, Math.floor((report.readBytes / report.totalBytes) * 100)) : 0;
  const values = { fileName: report.fileName, imported: report.imported, duplicates: report.duplicates };
  return (
    <div data-testid="import-report" data-status={report.status} className="space-y-2 text-sm">
      {report.status === "running" && (
        <>
          <p role="status">{t("running", values)}</p>
          <progress aria-label={t("importProgress")} max={100} value={percent} className="h-2 w-full">
            {percent}%
          </progress>
        </>
      )}
      {report.status === "done" && (
        <p role="status" className="text-green-700 dark:text-green-400">
          {t("done", values)}
        </p>
      )}
      {report.status === "failed" && (
        <p role="alert" className="text-red-600 dark:text-red-400">
          {t("failed", values)} {report.error && te.has(report.error as ErrorKey) ? te(report.error as ErrorKey) : ""}
        </p>
      )}
      {report.failures.length > 0 && (
        <details open className="rounded-lg border border-zinc-200 p-2 dark:border-zinc-800">
          <summary>{t("failuresTitle", { count: report.failures.length })}</summary>
          <ul data-testid="import-failures" className="mt-1 list-disc space-y-1 pl-5">
            {report.failures.map((failure) => (
              <li key={failure.index}>
                {t("failure", {
                  number: failure.index + 1,
                  title: failure.title || t("untitled"),
                  reason: t.has(`reasons.${failure.reason}` as ReasonKey) ? t(`reasons.${failure.reason}` as ReasonKey) : failure.reason,
                })}
              </li>
            ))}
          </ul>
        </details>
      )}
      {report.unknownModels.length > 0 && (
        <p className="text-zinc-600 dark:text-zinc-400">{t("unknownModels", { names: report.unknownModels.join(", ") })}</p>
      )}
    </div>
  );
}
