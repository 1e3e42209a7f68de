import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http/route";
import { revokeShare } from "@/lib/queries/shares";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

/** Revokes one of the person's links: it is a 404 from then on. Someone else's share is a 404 too. */
export const DELETE = handle(async (_request: Request, { params }: Params) => {
  const { id } = await params;
  const user = await requireUser();
  if (!(await revokeShare({ id, userId: user.id }))) throw new AppError("not_found", "shareNotFound");
  return Response.json({ ok: true });
});
