import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { stopGeneration } from "@/lib/generations/stop";
import { getGeneration } from "@/lib/generations/store";
import { handle } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = handle(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const user = await requireUser();
  const generation = await getGeneration({ generationId: id, userId: user.id });
  if (!generation) throw new AppError("not_found", "generationNotFound");
  await stopGeneration(generation, user.id);
  return Response.json({ ok: true });
});
