import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http/route";
import { removeConversationCollection } from "@/lib/queries/collections";

export const dynamic = "force-dynamic";

/** Takes a collection out of the conversation; the collection itself stays the family's. */
export const DELETE = handle(async (_request: Request, { params }: { params: Promise<{ id: string; collectionId: string }> }) => {
  const { id, collectionId } = await params;
  const user = await requireUser();
  if (!(await removeConversationCollection({ conversationId: id, userId: user.id, collectionId })))
    throw new AppError("not_found", "collectionNotFound");
  return Response.json({ ok: true });
});
