import { requireUser } from "@/lib/auth/session";
import { AppError, handle } from "@/lib/errors";
import { getConversation } from "@/lib/queries/conversations";

export const dynamic = "force-dynamic";

export const GET = handle(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const user = await requireUser();
  const conversation = await getConversation({ id, userId: user.id });
  if (!conversation) throw new AppError("not_found", "Conversation not found.");
  return Response.json({ conversation });
});
