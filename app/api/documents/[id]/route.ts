import { requireUser } from "@/lib/auth/session";
import { removeDocumentFile } from "@/lib/documents/upload";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http/route";
import { deleteDocument, getDocument } from "@/lib/queries/documents";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

export const GET = handle(async (_request: Request, { params }: Params) => {
  const { id } = await params;
  const user = await requireUser();
  const document = await getDocument({ id, userId: user.id });
  if (!document) throw new AppError("not_found", "documentNotFound");
  return Response.json({ document });
});

/** Deletes the file, its text, passages and vectors. */
export const DELETE = handle(async (_request: Request, { params }: Params) => {
  const { id } = await params;
  const user = await requireUser();
  const storedName = await deleteDocument({ id, userId: user.id });
  if (!storedName) throw new AppError("not_found", "documentNotFound");
  await removeDocumentFile(storedName);
  return Response.json({ ok: true });
});
