"use client";
// The admin's choice whether children may make family share links (members and admins always may).
import { useState } from "react";
import { useTranslations } from "use-intl";
import { ErrorNote } from "../ui/alert";
import { api } from "../ui/api";
import { useAction } from "../ui/use-action";

export function SharesSetting(props: { initial: boolean }) {
  const t = useTranslations("shares");
  const [allowed, setAllowed] = useState(props.initial);
  const { error, run } = useAction();
  return (
    <div className="mt-4 space-y-1 text-sm">
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={allowed}
          onChange={(e) => {
            const value = e.target.checked;
            setAllowed(value);
            void run(async () => {
              try {
                await api("/api/admin/settings", { method: "PUT", body: { sharesForChildren: value } });
              } catch (error) {
                setAllowed(!value);
                throw error;
              }
            });
          }}
        />
        {t("childrenMayShare")}
      </label>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">{t("childrenMayShareHint")}</p>
      <ErrorNote text={error} />
    </div>
  );
}
