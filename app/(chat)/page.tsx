import { ChatView } from "@/components/chat/chat-view";
import { listModels } from "@/lib/queries/models";

export const dynamic = "force-dynamic";

export default async function NewChatPage() {
  const models = await listModels();
  return (
    <ChatView conversationId={null} initialMessages={[]} models={models.map(({ id, name, isDefault }) => ({ id, name, isDefault }))} />
  );
}
