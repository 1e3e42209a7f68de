import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { ModelsPanel } from "@/components/admin/models-panel";
import { UsersPanel } from "@/components/admin/users-panel";
import { WorkersPanel } from "@/components/admin/workers-panel";
import { currentUser } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { getTranslator } from "@/lib/i18n/server";
import { listModelFiles } from "@/lib/models/paths";
import { listModels } from "@/lib/queries/models";
import { listUsers } from "@/lib/queries/users";
import { getWorkersOverview } from "@/lib/workers/overview";

export const dynamic = "force-dynamic";

export default async function AdminPage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (user.role !== "admin") notFound();
  const [t, users, models, files, overview] = await Promise.all([
    getTranslator(),
    listUsers(),
    listModels(),
    listModelFiles(getEnv().modelsDir),
    getWorkersOverview(),
  ]);
  return (
    <main className="mx-auto max-w-3xl space-y-10 p-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">{t("admin.title")}</h1>
        <Link href="/" className="text-sm underline">
          {t("admin.backToChat")}
        </Link>
      </div>
      <WorkersPanel {...overview} />
      <ModelsPanel initial={models} files={files} modelsDir={getEnv().modelsDir} />
      <UsersPanel
        initial={users.map(({ id, email, name, role, status, createdAt }) => ({
          id,
          email,
          name,
          role,
          status,
          createdAt: createdAt.toISOString(),
        }))}
      />
    </main>
  );
}
