import { notFound, redirect } from "next/navigation";
import { Markdown } from "@/components/chat/markdown";
import { PageHeader } from "@/components/ui/page-header";
import { currentUser } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/server";
import { readShare } from "@/lib/queries/shares";

export const dynamic = "force-dynamic";

/** A shared conversation, read-only, for signed-in members of this Hearth only; a revoked link is not found. */
export default async function SharePage({ params }: { params: Promise<{ token: string }> }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  // Like every page of the chat: a member who must change their password does that first.
  if (user.mustChangePassword) redirect("/account");
  const { token } = await params;
  const share = await readShare(token);
  if (!share) notFound();
  const t = await getTranslator();
  return (
    <main className="mx-auto max-w-3xl space-y-6 p-6">
      <PageHeader title={share.title} backLabel={t("admin.backToChat")} />
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {t("shares.sharedBy", { name: share.sharedBy, at: new Date(share.createdAt) })}
      </p>
      <ol className="space-y-4" data-testid="shared-messages">
        {share.messages.map((m, i) => (
          // The snapshot never changes: its order is its identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: a frozen list
          <li key={i} data-role={m.role} className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
            <p className="mb-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
              {m.role === "user" ? t("shares.user") : (m.modelName ?? t("shares.assistant"))}
            </p>
            {m.role === "user" ? <p className="whitespace-pre-wrap">{m.content}</p> : <Markdown text={m.content} streaming={false} />}
          </li>
        ))}
      </ol>
    </main>
  );
}
