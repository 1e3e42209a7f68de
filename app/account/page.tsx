import { redirect } from "next/navigation";
import { AccountPanel } from "@/components/account/account-panel";
import { ApiKeysPanel } from "@/components/account/api-keys-panel";
import { ChildAllowance } from "@/components/account/child-allowance";
import { ExportPanel } from "@/components/account/export-panel";
import { FilesPanel } from "@/components/account/files-panel";
import { ImportPanel } from "@/components/account/import-panel";
import { SessionsPanel } from "@/components/account/sessions-panel";
import { SharesPanel } from "@/components/account/shares-panel";
import { PageHeader } from "@/components/ui/page-header";
import { currentUser } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/server";
import { childAllowance } from "@/lib/limits/allowance";

export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  const [t, allowance] = await Promise.all([getTranslator(), childAllowance(user.id)]);
  return (
    <main className="mx-auto max-w-xl space-y-10 p-6">
      <PageHeader title={t("account.title")} backLabel={user.mustChangePassword ? undefined : t("admin.backToChat")} />
      {user.mustChangePassword && (
        <p role="alert" className="rounded-lg bg-amber-100 p-3 text-sm text-amber-900">
          {t("account.mustChange")}
        </p>
      )}
      {allowance && <ChildAllowance allowance={allowance} />}
      <AccountPanel name={user.name} email={user.email} mustChangePassword={user.mustChangePassword} />
      <SessionsPanel />
      <ApiKeysPanel />
      <FilesPanel />
      <SharesPanel />
      <ExportPanel />
      {!user.mustChangePassword && <ImportPanel />}
    </main>
  );
}
