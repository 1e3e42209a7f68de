import { notFound, redirect } from "next/navigation";
import { AdminMenu } from "@/components/admin/admin-menu";
import { AdminApiKeysPanel } from "@/components/admin/api-keys-panel";
import { CollectionsPanel } from "@/components/admin/collections-panel";
import { EmbeddingModelChoice } from "@/components/admin/embedding-model-choice";
import { InvitesPanel } from "@/components/admin/invites-panel";
import { LocksPanel } from "@/components/admin/locks-panel";
import { ModelLibrary } from "@/components/admin/model-library";
import { ModelsPanel } from "@/components/admin/models-panel";
import { ServerResources } from "@/components/admin/server-resources";
import { SharesSetting } from "@/components/admin/shares-setting";
import { TitleModelSetting } from "@/components/admin/title-model-setting";
import { UploadModel } from "@/components/admin/upload-model";
import { UsagePanel } from "@/components/admin/usage-panel";
import { UsersPanel } from "@/components/admin/users-panel";
import { WorkersPanel } from "@/components/admin/workers-panel";
import { PageHeader } from "@/components/ui/page-header";
import { currentUser } from "@/lib/auth/session";
import { listLockedEmails } from "@/lib/auth/sign-in-limit";
import { getEnv } from "@/lib/env";
import { getTranslator } from "@/lib/i18n/server";
import { embeddingModelState } from "@/lib/models/embedding-model";
import { describeInstalled } from "@/lib/models/installed";
import { listModelFiles } from "@/lib/models/paths";
import { getSettings } from "@/lib/queries/accounts";
import { getApiKeyPolicy, listAllApiKeys } from "@/lib/queries/api-keys";
import { listChildLimits } from "@/lib/queries/child-limits";
import { listCollectionsForAdmin } from "@/lib/queries/collections";
import { listInvites } from "@/lib/queries/invites";
import { listModels } from "@/lib/queries/models";
import { mayShare } from "@/lib/queries/shares";
import { localDay, usageByDay, windowStart } from "@/lib/queries/usage";
import { listUsers } from "@/lib/queries/users";
import { getWorkersOverview } from "@/lib/workers/overview";

export const dynamic = "force-dynamic";

const USAGE_DAYS = 28;

export default async function AdminPage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword) redirect("/account");
  if (user.role !== "admin") notFound();
  const since = windowStart(USAGE_DAYS);
  const [t, users, models, files, overview, limits, invites, settings, locks, usage, embedding] = await Promise.all([
    getTranslator(),
    listUsers(),
    listModels({ includeDisabled: true, kind: "all" }),
    listModelFiles(getEnv().modelsDir),
    getWorkersOverview(),
    listChildLimits(),
    listInvites(),
    getSettings(),
    listLockedEmails().catch(() => []),
    usageByDay(since),
    embeddingModelState(),
  ]);
  const chatModels = models.filter((m) => m.kind === "chat");
  const embeddingModels = models.filter((m) => m.kind === "embedding" && m.enabled);
  const [apiKeys, apiKeyPolicy, sharesForChildren, collections] = await Promise.all([
    listAllApiKeys(),
    getApiKeyPolicy(),
    mayShare("child"),
    listCollectionsForAdmin(),
  ]);
  const waiting = users.filter((u) => u.status === "pending").length;
  // Each section is a link target (#users …) below the sticky menu, never hidden behind it.
  const target = "scroll-mt-16 md:scroll-mt-6";
  return (
    <main className="mx-auto max-w-5xl p-6">
      <PageHeader title={t("admin.title")} backLabel={t("admin.backToChat")} />
      <div className="mt-6 md:grid md:grid-cols-[13rem_minmax(0,1fr)] md:gap-8">
        <AdminMenu
          sections={[
            { id: "workers", label: t("admin.workersTitle") },
            { id: "models", label: t("admin.models") },
            { id: "library", label: t("admin.getModel") },
            { id: "collections", label: t("collections.title") },
            { id: "users", label: t("admin.members"), badge: waiting },
            { id: "invites", label: t("admin.invites") },
            { id: "locks", label: t("admin.locksTitle") },
            { id: "keys", label: t("apiKeys.adminTitle") },
            { id: "usage", label: t("admin.menuUsage") },
          ]}
        />
        <div className="min-w-0 space-y-10">
          <div id="workers" className={`space-y-10 ${target}`}>
            <WorkersPanel {...overview} />
            <ServerResources workers={overview.workers} />
          </div>
          <div id="models" className={target}>
            <ModelsPanel initial={await describeInstalled(models, overview.workers)} files={files} modelsDir={getEnv().modelsDir} />
            <EmbeddingModelChoice
              models={embeddingModels.map(({ id, name }) => ({ id, name }))}
              current={embedding.embeddingModel?.id ?? null}
              reindex={embedding.reindex}
            />
            <TitleModelSetting models={models.map(({ id, name }) => ({ id, name }))} initial={settings.titleModelId} />
          </div>
          <section id="library" className={`space-y-4 ${target}`} aria-labelledby="library-heading">
            <h2 id="library-heading" className="text-lg font-semibold">
              {t("admin.getModel")}
            </h2>
            <ModelLibrary />
            <h3 className="text-sm font-semibold">{t("admin.uploadModel")}</h3>
            <UploadModel />
          </section>
          <div id="collections" className={target}>
            <CollectionsPanel initial={collections} />
          </div>
          <div id="users" className={target}>
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
              models={chatModels.map(({ id, name }) => ({ id, name }))}
            />
            <SharesSetting initial={sharesForChildren} />
          </div>
          <div id="invites" className={target}>
            <InvitesPanel
              initial={invites.map((i) => ({ id: i.id, role: i.role, expiresAt: i.expiresAt.toISOString(), note: i.note }))}
              openSignUp={settings.openSignUp}
            />
          </div>
          <div id="locks" className={target}>
            <LocksPanel initial={locks} />
          </div>
          <div id="keys" className={target}>
            <AdminApiKeysPanel
              initial={apiKeys.map((k) => ({
                ...k,
                createdAt: k.createdAt.toISOString(),
                expiresAt: k.expiresAt?.toISOString() ?? null,
                lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
                revokedAt: k.revokedAt?.toISOString() ?? null,
              }))}
              policy={apiKeyPolicy}
            />
          </div>
          <div id="usage" className={target}>
            <UsagePanel members={users.map(({ id, name }) => ({ id, name }))} rows={usage} firstDay={localDay(since)} days={USAGE_DAYS} />
          </div>
        </div>
      </div>
    </main>
  );
}
