import { redirect } from "next/navigation";
import { ChatView } from "@/components/chat/chat-view";
import { currentUser } from "@/lib/auth/session";
import { listModelChoices } from "@/lib/queries/models";

export const dynamic = "force-dynamic";

export default async function NewChatPage() {
  // Checked here too, not only in the layout: a page never relies on another file for its authorization.
  if (!(await currentUser())) redirect("/login");
  return <ChatView conversationId={null} initialMessages={[]} models={await listModelChoices()} />;
}
