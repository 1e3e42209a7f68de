import { requireSession, requireUser } from "@/lib/auth/session";
import { messageBodyLimit } from "@/lib/generations/content";
import { respondToSend } from "@/lib/generations/send-response";
import { startGeneration } from "@/lib/generations/start";
import { handle, readJson } from "@/lib/http/route";
import { listConversations } from "@/lib/queries/conversation-list";
import { ServerTiming } from "@/lib/server-timing";
import { conversationListQuery, newConversationSchema } from "./schema";

export const dynamic = "force-dynamic";

export const GET = handle(async (request: Request) => {
  const user = await requireUser();
  const query = conversationListQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json(
    await listConversations({
      userId: user.id,
      showApi: user.showApiConversations,
      archived: query.archived === "1",
      folderId: query.folder,
      cursor: query.cursor,
      limit: query.limit,
    }),
  );
});

export const POST = handle(async (request: Request) => {
  const timing = new ServerTiming();
  const { user, session } = await timing.measure("auth", requireSession());
  const input = newConversationSchema.parse(await readJson(request, messageBodyLimit()));
  const { collectionIds, ...message } = input;
  const collections = collectionIds && { ids: collectionIds, role: user.role };
  const send = () => startGeneration({ userId: user.id, ...message, collections, timing });
  return respondToSend({ request, userId: user.id, session, timing, send });
});
