"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { modelNameFrom } from "@/lib/models/names";
import { ResultNote } from "../ui/alert";
import { Button } from "../ui/button";
import { Field } from "../ui/field";

/** Uploads a .gguf from this computer, with progress; the server streams it to disk and checks it. */
export function UploadModel() {
  const t = useTranslations("models");
  const router = useRouter();
  const [progress, setProgress] = useState<number | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const file = data.get("file");
    if (!(file instanceof File) || file.size === 0) return;
    // A name derived from the file holds only what a model name may ("My Tiny Model+v2.gguf" → "My Tiny Model v2").
    const name = String(data.get("name") || modelNameFrom(file.name)).slice(0, 80);
    setMessage(null);
    setProgress(0);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/admin/models/upload?name=${encodeURIComponent(name)}`);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = (e) => e.lengthComputable && setProgress(Math.floor((e.loaded / e.total) * 100));
    xhr.onload = () => {
      setProgress(null);
      const body = JSON.parse(xhr.responseText || "{}") as { error?: { message: string } };
      if (xhr.status === 201) {
        setMessage({ ok: true, text: t("uploaded", { name }) });
        form.reset();
        router.refresh();
      } else setMessage({ ok: false, text: body.error?.message ?? t("uploadFailed", { status: xhr.status }) });
    };
    xhr.onerror = () => {
      setProgress(null);
      setMessage({ ok: false, text: t("uploadInterrupted") });
    };
    xhr.send(file);
  }

  return (
    <form onSubmit={onSubmit} aria-label={t("uploadForm")} className="grid gap-3 sm:grid-cols-2">
      <label className="block text-sm">
        <span className="mb-1 block font-medium">{t("uploadFile")}</span>
        <input type="file" name="file" accept=".gguf" required className="w-full text-sm" />
      </label>
      <Field label={t("uploadName")} name="name" placeholder={t("uploadNamePlaceholder")} />
      <div className="flex items-center gap-3 sm:col-span-2">
        <Button type="submit" variant="secondary" disabled={progress !== null}>
          {t("upload")}
        </Button>
        {progress !== null && (
          <progress aria-label={t("uploadProgress")} max={100} value={progress} className="h-2 flex-1">
            {progress}%
          </progress>
        )}
      </div>
      <ResultNote result={message} className="sm:col-span-2" />
    </form>
  );
}
