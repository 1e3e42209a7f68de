import { z } from "zod";
import { requireAdmin } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http/route";
import { getEmbeddingModel, setEmbeddingModel } from "@/lib/models/embedding-model";

export const dynamic = "force-dynamic";

const choiceSchema = z.object({ modelId: z.string().min(1).max(100).nullable() });

async function current(): Promise<Response> {
  const model = await getEmbeddingModel();
  return Response.json({ embeddingModel: model && { id: model.id, name: model.name } });
}

export const GET = handle(async () => {
  await requireAdmin();
  return current();
});

/** Choosing another model re-indexes the family's documents in the background (lib/embeddings/reindex.ts). */
export const PUT = handle(async (request: Request) => {
  await requireAdmin();
  const { modelId } = choiceSchema.parse(await readJson(request));
  await setEmbeddingModel(modelId);
  return current();
});
