import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http/route";
import { getImport } from "@/lib/queries/imports";

export const dynamic = "force-dynamic";

/** One of the member's imports: its progress, then its report. Anyone else's is a 404. */
export const GET = handle(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireUser();
  const { id } = await params;
  const found = await getImport({ id, userId: user.id });
  if (!found) throw new AppError("not_found", "importNotFound");
  return Response.json({ import: found });
});
