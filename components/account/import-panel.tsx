"use client";

import { useCallback, useEffect, useState } from "react";
import { useTranslations } from "use-intl";
import type { ImportView } from "@/lib/queries/imports";
import { ResultNote } from "../ui/alert";
import { api } from "../ui/api";
import { Button } from "../ui/button";
import { Panel } from "../ui/panel";
import { ImportReport } from "./import-report";

const POLL_MS = 1000;

/** The member's latest import, polled while it runs. */
function useLatestImport(): [ImportView | null, (report: ImportView) => void] {
  const [report, setReport] = useState<ImportView | null>(null);
  useEffect(() => {
    api<{ imports: ImportView[] }>("/api/imports")
      .then((data) => setReport(data.imports[0] ?? null))
      .catch(() => {});
  }, []);
  const running = report?.status === "running" ? report.id : null;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      api<{ import: ImportView }>(`/api/imports/${running}`)
        .then((data) => setReport(data.import))
        .catch(() => {});
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [running]);
  return [report, setReport];
}

/** Uploads an export with XHR (the browser reports upload progress only there) and hands back the started import. */
function upload(file: File, onProgress: (percent: number) => void): Promise<{ report?: ImportView; error?: string; status: number }> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/imports?name=${encodeURIComponent(file.name.slice(0, 200))}`);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.floor((e.loaded / e.total) * 100));
    xhr.onload = () => {
      const body = JSON.parse(xhr.responseText || "{}") as { import?: ImportView; error?: { message: string } };
      resolve({ report: body.import, error: body.error?.message, status: xhr.status });
    };
    xhr.onerror = () => resolve({ status: 0 });
    xhr.send(file);
  });
}

export function ImportPanel() {
  const t = useTranslations("import");
  const [report, setReport] = useLatestImport();
  const [uploadPercent, setUploadPercent] = useState<number | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const onSubmit = useCallback(
    async (event: React.FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const form = event.currentTarget;
      const file = new FormData(form).get("file");
      if (!(file instanceof File) || file.size === 0) return;
      setMessage(null);
      setUploadPercent(0);
      const result = await upload(file, setUploadPercent);
      setUploadPercent(null);
      if (result.report) {
        setReport(result.report);
        form.reset();
      } else if (result.status === 0) setMessage({ ok: false, text: t("uploadInterrupted") });
      else setMessage({ ok: false, text: result.error ?? t("uploadFailed", { status: result.status }) });
    },
    [t, setReport],
  );

  const busy = uploadPercent !== null || report?.status === "running";
  return (
    <Panel id="import" title={t("title")} className="space-y-3">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("intro")}</p>
      <form onSubmit={(e) => void onSubmit(e)} aria-label={t("title")} className="space-y-3">
        <label className="block text-sm">
          <span className="mb-1 block font-medium">{t("file")}</span>
          <input type="file" name="file" accept=".json,.zip,application/json,application/zip" required className="w-full text-sm" />
        </label>
        <div className="flex items-center gap-3">
          <Button type="submit" variant="secondary" disabled={busy}>
            {uploadPercent !== null ? t("uploading") : t("start")}
          </Button>
          {uploadPercent !== null && (
            <progress aria-label={t("uploadProgress")} max={100} value={uploadPercent} className="h-2 flex-1">
              {uploadPercent}%
            </progress>
          )}
        </div>
      </form>
      <ResultNote result={message} />
      {report && <ImportReport report={report} />}
    </Panel>
  );
}
