import { requireSession } from "@/lib/auth/session";
import { whileSessionLasts } from "@/lib/auth/session-watch";
import { startedGenerationResponse } from "@/lib/generations/sse";
import { regenerate } from "@/lib/generations/start";
import { handle } from "@/lib/http/route";
import { ServerTiming } from "@/lib/server-timing";

export const dynamic = "force-dynamic";

/** Answers the generation's question again, as a new branch; answers like a send (stream or ids). */
export const POST = handle(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const timing = new ServerTiming();
  const { user, session } = await timing.measure("auth", requireSession());
  const started = await regenerate({ userId: user.id, generationId: id, timing });
  return whileSessionLasts(session, request, (signal) => startedGenerationResponse(request, started, timing, signal));
});
