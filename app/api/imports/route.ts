import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http/route";
import { startImport } from "@/lib/library/import/upload";
import { listImports } from "@/lib/queries/imports";
import { importUploadQuery } from "./schema";

export const dynamic = "force-dynamic";

/** The member's latest imports with their progress or report. */
export const GET = handle(async () => {
  const user = await requireUser();
  return Response.json({ imports: await listImports(user.id) });
});

/**
 * Uploads an export (ChatGPT, Open WebUI or Hearth; JSON or ZIP) as the raw request body
 * (application/octet-stream, which a cross-site form cannot send without a preflight) and starts importing it.
 */
export const POST = handle(async (request: Request) => {
  // Who asks is checked first: a caller who may not import learns nothing about what an import needs.
  const user = await requireUser();
  if (request.headers.get("content-type")?.toLowerCase() !== "application/octet-stream") {
    throw new AppError("bad_request", "importContentType");
  }
  const { name } = importUploadQuery.parse({ name: new URL(request.url).searchParams.get("name") ?? "" });
  const length = request.headers.get("content-length");
  const started = await startImport({ userId: user.id, fileName: name, body: request.body, declaredSize: length ? Number(length) : null });
  return Response.json({ import: started }, { status: 202 });
});
