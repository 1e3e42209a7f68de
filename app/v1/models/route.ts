import { requireApiKey } from "@/lib/openai/auth";
import { modelsFor, toOpenAiModel } from "@/lib/openai/models";
import { handleApi } from "@/lib/openai/respond";

export const dynamic = "force-dynamic";

export const GET = handleApi(async (request: Request) => {
  const { user } = await requireApiKey(request);
  return Response.json({ object: "list", data: (await modelsFor(user.id, "all")).map(toOpenAiModel) });
});
