import { requireAdmin } from "@/lib/auth/session";
import { removeDocumentFile } from "@/lib/documents/upload";
import { AppError } from "@/lib/errors";
import { handle, readJson } from "@/lib/http/route";
import { deleteCollection, updateCollection } from "@/lib/queries/collections";
import { updateCollectionSchema } from "../schema";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

/** Renames it, or changes its description or who may use it (effective from the next question on). */
export const PATCH = handle(async (request: Request, { params }: Params) => {
  await requireAdmin();
  const { id } = await params;
  const input = updateCollectionSchema.parse(await readJson(request));
  const collection = await updateCollection(id, input);
  if (!collection) throw new AppError("not_found", "collectionNotFound");
  return Response.json({ collection });
});

/** Deletes the collection with its files, their passages and vectors; conversations simply stop using it. */
export const DELETE = handle(async (_request: Request, { params }: Params) => {
  await requireAdmin();
  const { id } = await params;
  const storedNames = await deleteCollection(id);
  if (!storedNames) throw new AppError("not_found", "collectionNotFound");
  await Promise.all(storedNames.map(removeDocumentFile));
  return Response.json({ ok: true });
});
