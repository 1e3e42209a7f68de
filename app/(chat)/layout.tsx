import { redirect } from "next/navigation";
import { Sidebar } from "@/components/chat/sidebar";
import { SkipLink } from "@/components/chat/skip-link";
import { currentUser } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/server";
import { listConversations } from "@/lib/queries/conversation-list";
import { listFolders } from "@/lib/queries/folders";
import { countWaitingForApproval } from "@/lib/queries/users";

export const dynamic = "force-dynamic";

export default async function ChatLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  if (user.mustChangePassword) redirect("/account");
  const isAdmin = user.role === "admin";
  const [t, conversations, folders, waiting] = await Promise.all([
    getTranslator(),
    listConversations({ userId: user.id, showApi: user.showApiConversations }),
    listFolders({ userId: user.id }),
    isAdmin ? countWaitingForApproval() : 0,
  ]);
  return (
    <div className="flex h-dvh flex-col md:flex-row">
      <SkipLink />
      <Sidebar initial={conversations} initialFolders={folders} userName={user.name} isAdmin={isAdmin} waitingForApproval={waiting} />
      <main className="flex min-h-0 min-w-0 flex-1">
        <h1 className="sr-only">{t("app.name")}</h1>
        {children}
      </main>
    </div>
  );
}
