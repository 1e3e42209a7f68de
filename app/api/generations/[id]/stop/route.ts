import { requireUser } from "@/lib/auth/session";
import { AppError, handle } from "@/lib/errors";
import { getAssistantMessage } from "@/lib/queries/conversations";
import { stopGeneration } from "@/lib/stop";

export const dynamic = "force-dynamic";

export const POST = handle(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const user = await requireUser();
  const message = await getAssistantMessage({ messageId: id, userId: user.id });
  if (!message) throw new AppError("not_found", "Generation not found.");
  await stopGeneration(message, user.id);
  return Response.json({ ok: true });
});
