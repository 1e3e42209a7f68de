import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http/route";
import { createShare, mayShare } from "@/lib/queries/shares";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

/** A read-only link to the branch on screen, frozen now; the token is in this response only. */
export const POST = handle(async (_request: Request, { params }: Params) => {
  const { id } = await params;
  const user = await requireUser();
  if (!(await mayShare(user.role))) throw new AppError("forbidden", "sharesNotAllowed");
  const { id: shareId, token } = await createShare({ userId: user.id, conversationId: id });
  return Response.json({ share: { id: shareId, path: `/share/${token}` } }, { status: 201 });
});
