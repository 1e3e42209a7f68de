import { notFound, redirect } from "next/navigation";
import { ChatView } from "@/components/chat/chat-view";
import { toUiMessage } from "@/components/chat/to-ui";
import { currentUser } from "@/lib/auth/session";
import { modelsAllowed } from "@/lib/limits/send";
import { getConversation } from "@/lib/queries/conversations";
import { listModelChoices } from "@/lib/queries/models";

export const dynamic = "force-dynamic";

export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  if (!user) redirect("/login");
  const [conversation, installed] = await Promise.all([getConversation({ id, userId: user.id }), listModelChoices()]);
  if (!conversation) notFound();
  const models = await modelsAllowed(user.id, installed);
  return (
    <ChatView
      key={conversation.id}
      conversationId={conversation.id}
      initialMessages={conversation.messages.map(toUiMessage)}
      initialLeafId={conversation.currentLeafId}
      initialModelId={conversation.modelId}
      initialSettings={{ systemPrompt: conversation.systemPrompt, sampling: conversation.sampling }}
      models={models}
    />
  );
}
