import { requireSession } from "@/lib/auth/session";
import { messageBodyLimit } from "@/lib/generations/content";
import { respondToSend } from "@/lib/generations/send-response";
import { startGeneration } from "@/lib/generations/start";
import { handle, readJson } from "@/lib/http/route";
import { ServerTiming } from "@/lib/server-timing";
import { newMessageSchema } from "../../schema";

export const dynamic = "force-dynamic";

export const POST = handle(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const timing = new ServerTiming();
  const { user, session } = await timing.measure("auth", requireSession());
  const input = newMessageSchema.parse(await readJson(request, messageBodyLimit()));
  const { id } = await params;
  const send = () =>
    startGeneration({
      userId: user.id,
      conversationId: id,
      content: input.content,
      editOf: input.editOf,
      documentIds: input.documentIds,
      collections: input.collectionIds && { ids: input.collectionIds, role: user.role },
      timing,
    });
  return respondToSend({ request, userId: user.id, session, timing, send });
});
