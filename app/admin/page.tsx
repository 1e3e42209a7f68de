import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { ModelsPanel } from "@/components/admin/models-panel";
import { UsersPanel } from "@/components/admin/users-panel";
import { currentUser } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { getGenerationQueue } from "@/lib/generations/queue";
import { listModelFiles } from "@/lib/models/paths";
import { listModels } from "@/lib/queries/models";
import { listUsers } from "@/lib/queries/users";

export const dynamic = "force-dynamic";

export default async function AdminPage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (user.role !== "admin") notFound();
  const [users, models, files, workers] = await Promise.all([
    listUsers(),
    listModels(),
    listModelFiles(getEnv().modelsDir),
    getGenerationQueue()
      .getWorkersCount()
      .catch(() => null),
  ]);
  return (
    <main className="mx-auto max-w-3xl space-y-10 p-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Hearth admin</h1>
        <Link href="/" className="text-sm underline">
          Back to chat
        </Link>
      </div>
      <p data-testid="workers-online" className={`text-sm ${workers ? "text-zinc-600 dark:text-zinc-400" : "text-red-600"}`}>
        {workers === null
          ? "Cannot reach Redis: the queue is down."
          : workers === 0
            ? "No model worker is running: messages wait until one starts (npm start, or the worker container)."
            : `Model workers online: ${workers}`}
      </p>
      <ModelsPanel initial={models} files={files} modelsDir={getEnv().modelsDir} />
      <UsersPanel initial={users.map(({ id, email, name, role, status }) => ({ id, email, name, role, status }))} />
    </main>
  );
}
