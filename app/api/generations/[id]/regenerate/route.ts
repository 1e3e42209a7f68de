import { requireSession } from "@/lib/auth/session";
import { respondToSend } from "@/lib/generations/send-response";
import { regenerate } from "@/lib/generations/start";
import { handle } from "@/lib/http/route";
import { ServerTiming } from "@/lib/server-timing";

export const dynamic = "force-dynamic";

/** Answers the generation's question again, as a new branch; answers like a send (stream or ids). */
export const POST = handle(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const timing = new ServerTiming();
  const { user, session } = await timing.measure("auth", requireSession());
  const send = () => regenerate({ userId: user.id, generationId: id, timing });
  return respondToSend({ request, userId: user.id, session, timing, send });
});
