import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http/route";
import { revokeApiKey } from "@/lib/queries/api-keys";

export const dynamic = "force-dynamic";

/** Revokes one of the person's own keys; anyone else's is a 404, like one that does not exist. */
export const DELETE = handle(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser();
  const { id } = await params;
  if (!(await revokeApiKey({ id, userId: user.id }))) throw new AppError("not_found", "apiKeyNotFound");
  return new Response(null, { status: 204 });
});
