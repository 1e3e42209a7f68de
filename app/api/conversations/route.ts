import { requireUser } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/errors";
import { startedGenerationResponse } from "@/lib/generations/sse";
import { startGeneration } from "@/lib/generations/start";
import { listConversations } from "@/lib/queries/conversations";
import { ServerTiming } from "@/lib/server-timing";
import { newConversationSchema } from "./schema";

export const dynamic = "force-dynamic";

export const GET = handle(async () => {
  const user = await requireUser();
  return Response.json({ conversations: await listConversations({ userId: user.id }) });
});

export const POST = handle(async (request: Request) => {
  const input = newConversationSchema.parse(await readJson(request));
  const timing = new ServerTiming();
  const user = await timing.measure("auth", requireUser());
  const started = await startGeneration({ userId: user.id, ...input, timing });
  return startedGenerationResponse(request, started, timing);
});
