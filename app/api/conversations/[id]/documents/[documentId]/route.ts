import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http/route";
import { detachDocument } from "@/lib/queries/documents";

export const dynamic = "force-dynamic";

/** Takes a file out of the conversation; the file itself stays in the member's files. */
export const DELETE = handle(async (_request: Request, { params }: { params: Promise<{ id: string; documentId: string }> }) => {
  const { id, documentId } = await params;
  const user = await requireUser();
  if (!(await detachDocument({ conversationId: id, userId: user.id, documentId }))) throw new AppError("not_found", "documentNotFound");
  return Response.json({ ok: true });
});
