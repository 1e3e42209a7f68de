import { requireAdmin } from "@/lib/auth/session";
import { removeDocumentFile } from "@/lib/documents/upload";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http/route";
import { deleteCollectionDocument } from "@/lib/queries/collections";

export const dynamic = "force-dynamic";

/** Removes a file from the collection: its text, passages and vectors go with it. */
export const DELETE = handle(async (_request: Request, { params }: { params: Promise<{ id: string; documentId: string }> }) => {
  await requireAdmin();
  const { id, documentId } = await params;
  const storedName = await deleteCollectionDocument({ collectionId: id, documentId });
  if (!storedName) throw new AppError("not_found", "documentNotFound");
  await removeDocumentFile(storedName);
  return Response.json({ ok: true });
});
