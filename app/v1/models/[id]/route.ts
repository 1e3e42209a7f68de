import { requireApiKey } from "@/lib/openai/auth";
import { resolveModel, toOpenAiModel } from "@/lib/openai/models";
import { handleApi } from "@/lib/openai/respond";

export const dynamic = "force-dynamic";

export const GET = handleApi(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { user } = await requireApiKey(request);
  const { id } = await params;
  return Response.json(toOpenAiModel(await resolveModel(user.id, id, "all")));
});
