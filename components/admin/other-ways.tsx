"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { useErrorText } from "../i18n/use-error-text";
import { ErrorNote } from "../ui/alert";
import { RegisterFile } from "./register-file";
import { UploadModel } from "./upload-model";

/**
 * Adding a model without the Hub, on the first-run page: an offline server (or a slow line) is never a dead
 * end. Once a model is added the page refreshes into the chat.
 */
export function OtherWaysToAddAModel(props: { files: { path: string; sizeBytes: number }[]; modelsDir: string }) {
  const t = useTranslations("models");
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <section aria-labelledby="other-ways" className="space-y-4">
      <h2 id="other-ways" className="text-lg font-semibold">
        {t("otherWays")}
      </h2>
      <div className="space-y-2">
        <h3 className="text-sm font-semibold">{t("fromThisComputer")}</h3>
        <UploadModel />
      </div>
      <div className="space-y-2">
        <h3 className="text-sm font-semibold">{t("fileOnServer")}</h3>
        <RegisterFile
          files={props.files}
          modelsDir={props.modelsDir}
          onError={(e) => setError(errorText(e))}
          onRegistered={() => router.refresh()}
        />
        <ErrorNote text={error} />
      </div>
    </section>
  );
}
