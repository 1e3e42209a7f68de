import { notFound, redirect } from "next/navigation";
import { InvitesPanel } from "@/components/admin/invites-panel";
import { LocksPanel } from "@/components/admin/locks-panel";
import { ModelLibrary } from "@/components/admin/model-library";
import { ModelsPanel } from "@/components/admin/models-panel";
import { SectionLinks } from "@/components/admin/section-links";
import { ServerResources } from "@/components/admin/server-resources";
import { UploadModel } from "@/components/admin/upload-model";
import { UsagePanel } from "@/components/admin/usage-panel";
import { UsersPanel } from "@/components/admin/users-panel";
import { WorkersPanel } from "@/components/admin/workers-panel";
import { PageHeader } from "@/components/ui/page-header";
import { currentUser } from "@/lib/auth/session";
import { listLockedEmails } from "@/lib/auth/sign-in-limit";
import { getEnv } from "@/lib/env";
import { getTranslator } from "@/lib/i18n/server";
import { describeInstalled } from "@/lib/models/installed";
import { listModelFiles } from "@/lib/models/paths";
import { listWorkerReports } from "@/lib/models/workers";
import { getSettings } from "@/lib/queries/accounts";
import { listChildLimits } from "@/lib/queries/child-limits";
import { listInvites } from "@/lib/queries/invites";
import { listModels } from "@/lib/queries/models";
import { localDay, usageByDay, windowStart } from "@/lib/queries/usage";
import { listUsers } from "@/lib/queries/users";
import { getRedis } from "@/lib/redis";
import { getWorkersOverview } from "@/lib/workers/overview";

export const dynamic = "force-dynamic";

const USAGE_DAYS = 28;

export default async function AdminPage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword) redirect("/account");
  if (user.role !== "admin") notFound();
  const since = windowStart(USAGE_DAYS);
  const [t, users, models, files, overview, limits, invites, settings, locks, usage, reports] = await Promise.all([
    getTranslator(),
    listUsers(),
    listModels({ includeDisabled: true }),
    listModelFiles(getEnv().modelsDir),
    getWorkersOverview(),
    listChildLimits(),
    listInvites(),
    getSettings(),
    listLockedEmails().catch(() => []),
    usageByDay(since),
    listWorkerReports(getRedis()).catch(() => []),
  ]);
  return (
    <main className="mx-auto max-w-3xl space-y-10 p-6">
      <PageHeader title={t("admin.title")} backLabel={t("admin.backToChat")} />
      <SectionLinks t={t} />
      <WorkersPanel {...overview} />
      <ServerResources workers={reports} />
      <ModelsPanel initial={await describeInstalled(models, reports)} files={files} modelsDir={getEnv().modelsDir} />
      <section className="space-y-4" aria-labelledby="library-heading">
        <h2 id="library-heading" className="text-lg font-semibold">
          {t("admin.getModel")}
        </h2>
        <ModelLibrary />
        <h3 className="text-sm font-semibold">{t("admin.uploadModel")}</h3>
        <UploadModel />
      </section>
      <UsersPanel
        initial={users.map(({ id, email, name, role, status, createdAt }) => ({
          id,
          email,
          name,
          role,
          status,
          createdAt: createdAt.toISOString(),
        }))}
        limits={limits}
        models={models.map(({ id, name }) => ({ id, name }))}
      />
      <InvitesPanel
        initial={invites.map((i) => ({ id: i.id, role: i.role, expiresAt: i.expiresAt.toISOString() }))}
        openSignUp={settings.openSignUp}
      />
      <LocksPanel initial={locks} />
      <UsagePanel members={users.map(({ id, name }) => ({ id, name }))} rows={usage} firstDay={localDay(since)} days={USAGE_DAYS} />
    </main>
  );
}
