import { readJson } from "@/lib/http/route";
import { requireApiKey } from "@/lib/openai/auth";
import { createEmbeddings, embeddingsBodyLimit, embeddingsSchema } from "@/lib/openai/embeddings";
import { handleApi } from "@/lib/openai/respond";

export const dynamic = "force-dynamic";

export const POST = handleApi(async (request: Request) => {
  // Who asks is checked first: a caller without a valid key learns nothing about what a request needs.
  const caller = await requireApiKey(request);
  const input = embeddingsSchema.parse(await readJson(request, embeddingsBodyLimit()));
  return createEmbeddings({ caller, request: input });
});
