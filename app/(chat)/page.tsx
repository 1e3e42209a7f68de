import { ChatView } from "@/components/chat/chat-view";
import { listModelChoices } from "@/lib/queries/models";

export const dynamic = "force-dynamic";

export default async function NewChatPage() {
  return <ChatView conversationId={null} initialMessages={[]} models={await listModelChoices()} />;
}
