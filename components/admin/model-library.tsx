"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTranslations } from "use-intl";
import { ErrorNote } from "../ui/alert";
import { api } from "../ui/api";
import { HubSearch } from "./hub-search";
import { PullList } from "./pull-list";
import { RecommendedModels } from "./recommended-models";
import { usePulls } from "./use-pulls";

/** Getting models from Hugging Face: recommendations that fit, a pasted name, and the downloads' progress. */
export function ModelLibrary({ onInstalled }: { onInstalled?: () => void }) {
  const t = useTranslations("models");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const { pulls, refresh } = usePulls(() => {
    onInstalled?.();
    router.refresh();
  });

  async function pull(repo: string, file: string) {
    setError(null);
    try {
      await api("/api/admin/pulls", { body: { repo, file } });
      await refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <div className="space-y-4">
      <PullList pulls={pulls} onChange={refresh} />
      <ErrorNote text={error} />
      <div className="space-y-2">
        <h3 className="text-sm font-semibold">{t("recommended")}</h3>
        <RecommendedModels onPull={pull} />
      </div>
      <div className="space-y-2">
        <h3 className="text-sm font-semibold">{t("anyFromHub")}</h3>
        <HubSearch onPull={pull} />
      </div>
    </div>
  );
}
