"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
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
  const [started, setStarted] = useState<string | null>(null);
  const { pulls, refresh } = usePulls(() => {
    onInstalled?.();
    router.refresh();
  });

  // The list of downloads sits above the buttons that start them, often off screen: bring the new one into view.
  useEffect(() => {
    if (!started || !pulls.some((p) => p.id === started)) return;
    document.getElementById(`pull-${started}`)?.scrollIntoView({ block: "center" });
    setStarted(null);
  }, [started, pulls]);
  useEffect(() => {
    if (error) document.getElementById("pull-refused")?.scrollIntoView({ block: "center" });
  }, [error]);

  async function pull(repo: string, file: string) {
    setError(null);
    try {
      const { pull } = await api<{ pull: { id: string } }>("/api/admin/pulls", { body: { repo, file } });
      await refresh();
      setStarted(pull.id);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <div className="space-y-4">
      <PullList pulls={pulls} onChange={refresh} />
      <div id="pull-refused">
        <ErrorNote text={error} />
      </div>
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
