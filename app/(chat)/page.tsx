import { redirect } from "next/navigation";
import { ChatView } from "@/components/chat/chat-view";
import { currentUser } from "@/lib/auth/session";
import { modelsAllowed } from "@/lib/family/limits";
import { listModelChoices } from "@/lib/queries/models";

export const dynamic = "force-dynamic";

export default async function NewChatPage() {
  // Checked here too, not only in the layout: a page never relies on another file for its authorization.
  const user = await currentUser();
  if (!user) redirect("/login");
  return <ChatView conversationId={null} initialMessages={[]} models={await modelsAllowed(user.id, await listModelChoices())} />;
}
