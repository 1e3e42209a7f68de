import { redirect } from "next/navigation";
import { Sidebar } from "@/components/chat/sidebar";
import { currentUser } from "@/lib/auth/session";
import { listConversations } from "@/lib/queries/conversations";

export const dynamic = "force-dynamic";

export default async function ChatLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  const conversations = await listConversations({ userId: user.id });
  return (
    <div className="flex h-dvh flex-col md:flex-row">
      <Sidebar initial={conversations} userName={user.name} isAdmin={user.role === "admin"} />
      <main className="flex min-h-0 min-w-0 flex-1">{children}</main>
    </div>
  );
}
