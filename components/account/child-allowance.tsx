// A child's own view of their limits: what is left of today's allowance and the hours they may chat.

import { getTranslator } from "@/lib/i18n/server";
import type { Allowance } from "@/lib/limits/allowance";
import { Panel } from "../ui/panel";

export async function ChildAllowance({ allowance }: { allowance: Allowance }) {
  const t = await getTranslator();
  const { tokens, hours } = allowance;
  return (
    <Panel id="allowance" title={t("account.allowanceTitle")} className="space-y-2">
      <ul className="space-y-2 text-sm" data-testid="child-allowance">
        {tokens && (
          <li>
            {t("account.tokensLeft", { left: tokens.left, budget: tokens.budget })}
            <meter
              aria-label={t("account.allowanceMeter")}
              min={0}
              max={tokens.budget}
              value={tokens.left}
              low={tokens.budget * 0.2}
              optimum={tokens.budget}
              className="mt-1 block h-2 w-full"
            />
          </li>
        )}
        {hours && <li>{t("account.chatHours", hours)}</li>}
      </ul>
    </Panel>
  );
}
