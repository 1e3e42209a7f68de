import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http/route";
import { endSession } from "@/lib/queries/sessions";

export const dynamic = "force-dynamic";

export const DELETE = handle(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser({ beforePasswordChange: true });
  const { id } = await params;
  if (!(await endSession(user.id, id))) throw new AppError("not_found", "sessionNotFound");
  return new Response(null, { status: 204 });
});
