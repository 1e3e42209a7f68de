import { requireAdmin } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http/route";
import { saveUploadedModel } from "@/lib/models/upload";
import { registerModelSchema } from "../schema";

export const dynamic = "force-dynamic";

/**
 * Uploads a .gguf as the raw request body (application/octet-stream, which a cross-site form cannot send
 * without a preflight); the display name comes in the query string, the stored file name from the server.
 */
export const POST = handle(async (request: Request) => {
  // Who asks is checked first: a caller who may not upload learns nothing about what the upload needs.
  await requireAdmin();
  if (request.headers.get("content-type")?.toLowerCase() !== "application/octet-stream") {
    throw new AppError("bad_request", "uploadContentType");
  }
  const { name } = registerModelSchema.pick({ name: true }).parse({ name: new URL(request.url).searchParams.get("name") ?? "" });
  const model = await saveUploadedModel({ body: request.body, declaredSize: Number(request.headers.get("content-length")), name });
  return Response.json({ model }, { status: 201 });
});
