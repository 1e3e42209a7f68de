import { requireUser } from "@/lib/auth/session";
import { handle } from "@/lib/errors";
import { listModels } from "@/lib/queries/models";

export const dynamic = "force-dynamic";

export const GET = handle(async () => {
  await requireUser();
  const models = await listModels();
  return Response.json({
    models: models.map(({ id, name, quantization, contextLength, isDefault }) => ({ id, name, quantization, contextLength, isDefault })),
  });
});
