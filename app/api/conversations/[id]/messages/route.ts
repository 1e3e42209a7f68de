import { requireUser } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/errors";
import { startedGenerationResponse } from "@/lib/generations/sse";
import { startGeneration } from "@/lib/generations/start";
import { newMessageSchema } from "../../schema";

export const dynamic = "force-dynamic";

export const POST = handle(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const input = newMessageSchema.parse(await readJson(request));
  const { id } = await params;
  const user = await requireUser();
  const started = await startGeneration({ userId: user.id, conversationId: id, content: input.content });
  return startedGenerationResponse(request, started);
});
