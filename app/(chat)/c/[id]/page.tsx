import { notFound, redirect } from "next/navigation";
import { ChatView } from "@/components/chat/chat-view";
import { ScrollToMessage } from "@/components/chat/scroll-to-message";
import { toUiMessage } from "@/components/chat/to-ui";
import { currentUser } from "@/lib/auth/session";
import { branchLeaf } from "@/lib/conversation-tree";
import { modelsAllowed } from "@/lib/limits/send";
import { getConversation } from "@/lib/queries/conversations";
import { listModelChoices } from "@/lib/queries/models";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ m?: string | string[] }> };

export default async function ConversationPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { m: found } = await searchParams;
  const user = await currentUser();
  if (!user) redirect("/login");
  const [conversation, installed] = await Promise.all([getConversation({ id, userId: user.id }), listModelChoices()]);
  if (!conversation) notFound();
  const models = await modelsAllowed(user.id, installed);
  // From a search result: show the branch that holds the found message (not saved as the branch on screen).
  const foundId = typeof found === "string" && conversation.messages.some((message) => message.id === found) ? found : null;
  return (
    <>
      <ChatView
        key={conversation.id}
        conversationId={conversation.id}
        initialMessages={conversation.messages.map(toUiMessage)}
        initialLeafId={foundId ? branchLeaf(conversation.messages, foundId) : conversation.currentLeafId}
        initialModelId={conversation.modelId}
        initialSettings={{ systemPrompt: conversation.systemPrompt, sampling: conversation.sampling }}
        models={models}
      />
      {foundId && <ScrollToMessage messageId={foundId} />}
    </>
  );
}
