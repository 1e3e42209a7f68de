import { z } from "zod";
import { requireAdmin } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http/route";
import { embeddingModelState, setEmbeddingModel } from "@/lib/models/embedding-model";

export const dynamic = "force-dynamic";

const choiceSchema = z.object({ modelId: z.string().min(1).max(100).nullable() });

/** The chosen model and the re-index's progress (files embedded by it, of all ready files). */
async function current(): Promise<Response> {
  return Response.json(await embeddingModelState());
}

export const GET = handle(async () => {
  await requireAdmin();
  return current();
});

/** Choosing another model re-indexes the family's documents in the background (a reindex job on the documents queue). */
export const PUT = handle(async (request: Request) => {
  await requireAdmin();
  const { modelId } = choiceSchema.parse(await readJson(request));
  await setEmbeddingModel(modelId);
  return current();
});
