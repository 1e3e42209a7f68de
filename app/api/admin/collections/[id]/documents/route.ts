import { readUpload } from "@/app/api/documents/upload-request";
import { requireAdmin } from "@/lib/auth/session";
import { saveUploadedDocument } from "@/lib/documents/upload";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http/route";
import { collectionExists } from "@/lib/queries/collections";

export const dynamic = "force-dynamic";

/** Uploads a file into the collection, as a member uploads their own; the same worker jobs read and index it. */
export const POST = handle(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  // Who asks is checked first: a caller who may not upload learns nothing about what the upload needs.
  const admin = await requireAdmin();
  const { id } = await params;
  if (!(await collectionExists(id))) throw new AppError("not_found", "collectionNotFound");
  const document = await saveUploadedDocument({ owner: { collectionId: id }, role: admin.role, ...readUpload(request) });
  return Response.json({ document }, { status: 201 });
});
