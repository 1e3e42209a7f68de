"use client";
// The admin's choice whether children may make family share links (members and admins always may).
import { useTranslations } from "use-intl";
import { ErrorNote } from "../ui/alert";
import { useAction } from "../ui/use-action";
import { useFamilySwitch } from "./use-family-switch";

export function SharesSetting(props: { initial: boolean }) {
  const t = useTranslations("shares");
  const { error, run } = useAction();
  const [allowed, setAllowed] = useFamilySwitch("sharesForChildren", props.initial, run);
  return (
    <div className="mt-4 space-y-1 text-sm">
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={allowed} onChange={(e) => setAllowed(e.target.checked)} />
        {t("childrenMayShare")}
      </label>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">{t("childrenMayShareHint")}</p>
      <ErrorNote text={error} />
    </div>
  );
}
