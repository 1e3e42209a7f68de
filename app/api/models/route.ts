import { requireUser } from "@/lib/auth/session";
import { handle } from "@/lib/http/route";
import { modelsAllowed } from "@/lib/limits/send";
import { listModels } from "@/lib/queries/models";

export const dynamic = "force-dynamic";

export const GET = handle(async () => {
  const user = await requireUser();
  const models = await modelsAllowed(user.id, await listModels());
  return Response.json({
    models: models.map(({ id, name, description, quantization, contextLength, isDefault }) => ({
      id,
      name,
      description,
      quantization,
      contextLength,
      isDefault,
    })),
  });
});
