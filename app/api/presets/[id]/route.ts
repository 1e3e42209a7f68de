import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http/route";
import { deletePreset } from "@/lib/queries/presets";

export const dynamic = "force-dynamic";

export const DELETE = handle(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const user = await requireUser();
  if (!(await deletePreset({ id, userId: user.id }))) throw new AppError("not_found", "presetNotFound");
  return Response.json({ ok: true });
});
