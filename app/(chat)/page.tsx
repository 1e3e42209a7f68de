import { redirect } from "next/navigation";
import { FirstRun } from "@/components/admin/first-run";
import { ChatView } from "@/components/chat/chat-view";
import { currentUser } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/server";
import { modelsAllowed } from "@/lib/limits/send";
import { listModelChoices } from "@/lib/queries/models";
import { getAdminName } from "@/lib/queries/users";

export const dynamic = "force-dynamic";

export default async function NewChatPage() {
  // Checked here too, not only in the layout: a page never relies on another file for its authorization.
  const user = await currentUser();
  if (!user) redirect("/login");
  const installed = await listModelChoices();
  // No model yet: the admin gets straight to choosing one; a member is told whom to ask.
  if (installed.length === 0 && user.role === "admin") return <FirstRun />;
  let noModelNote: string | null = null;
  if (installed.length === 0) {
    const t = await getTranslator();
    noModelNote = t("chat.noModelAsk", { name: (await getAdminName()) ?? t("chat.yourAdmin") });
  }
  const models = await modelsAllowed(user.id, installed);
  return <ChatView conversationId={null} initialMessages={[]} noModelNote={noModelNote} models={models} />;
}
