import { AppError } from "@/lib/errors";
import { documentNameSchema } from "./schema";

/**
 * A file upload as Hearth takes it: the raw request body (application/octet-stream, which a cross-site form
 * cannot send without a preflight), its name in the query string, its length declared. For a member's own
 * files and a collection's alike; call it only once the caller may upload.
 */
export function readUpload(request: Request) {
  const { name } = documentNameSchema.parse({ name: new URL(request.url).searchParams.get("name") ?? "" });
  if (request.headers.get("content-type")?.toLowerCase() !== "application/octet-stream") {
    throw new AppError("bad_request", "documentContentType");
  }
  const declaredSize = Number(request.headers.get("content-length") ?? Number.NaN);
  return { name, body: request.body, declaredSize };
}
