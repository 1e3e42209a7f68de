import { requireUser } from "@/lib/auth/session";
import { saveUploadedDocument } from "@/lib/documents/upload";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http/route";
import { listDocuments } from "@/lib/queries/documents";
import { documentNameSchema } from "./schema";

export const dynamic = "force-dynamic";

export const GET = handle(async () => {
  const user = await requireUser();
  return Response.json({ documents: await listDocuments(user.id) });
});

/**
 * Uploads a file as the raw request body (application/octet-stream, which a cross-site form cannot send
 * without a preflight); its name comes in the query string, the stored file's name from the server.
 */
export const POST = handle(async (request: Request) => {
  // Who asks is checked first: a caller who may not upload learns nothing about what the upload needs.
  const user = await requireUser();
  const { name } = documentNameSchema.parse({ name: new URL(request.url).searchParams.get("name") ?? "" });
  if (request.headers.get("content-type")?.toLowerCase() !== "application/octet-stream") {
    throw new AppError("bad_request", "documentContentType");
  }
  const declaredSize = Number(request.headers.get("content-length") ?? Number.NaN);
  const document = await saveUploadedDocument({ userId: user.id, role: user.role, name, body: request.body, declaredSize });
  return Response.json({ document }, { status: 201 });
});
