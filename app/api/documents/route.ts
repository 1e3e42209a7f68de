import { requireUser } from "@/lib/auth/session";
import { saveUploadedDocument } from "@/lib/documents/upload";
import { handle } from "@/lib/http/route";
import { listDocuments } from "@/lib/queries/documents";
import { readUpload } from "./upload-request";

export const dynamic = "force-dynamic";

export const GET = handle(async () => {
  const user = await requireUser();
  return Response.json({ documents: await listDocuments(user.id) });
});

/** Uploads a file (app/api/documents/upload-request.ts says how); the stored file's name comes from the server. */
export const POST = handle(async (request: Request) => {
  // Who asks is checked first: a caller who may not upload learns nothing about what the upload needs.
  const user = await requireUser();
  const document = await saveUploadedDocument({ owner: { userId: user.id }, role: user.role, ...readUpload(request) });
  return Response.json({ document }, { status: 201 });
});
