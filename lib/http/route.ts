// The route wrapper: every route handler runs inside `handle`, which checks the Origin of state-changing
// requests and turns any thrown error into a JSON response in the asker's language; `readJson` is the one
// way a route reads a body.
import { ZodError } from "zod";
import { AppError, type ErrorValues } from "../errors";
import type { Catalogue, ErrorKey } from "../i18n/config";
import { fieldFailure } from "../i18n/field-error";
import { getTranslator } from "../i18n/server";
import { getLogger } from "../log";

export type ErrorTranslator = (key: ErrorKey, values?: ErrorValues) => string;

/** A field's name in the asker's language (the catalogues' `fields`), or null when it has none. */
export type FieldLabel = (field: string) => string | null;

export function errorResponse(
  error: unknown,
  t: ErrorTranslator & { has(key: string): boolean },
  label: FieldLabel = () => null,
): Response {
  if (error instanceof AppError) {
    const body = { code: error.code, key: error.key, message: t(error.key, error.values) };
    return Response.json({ error: body }, { status: error.status });
  }
  if (error instanceof ZodError) {
    const failure = fieldFailure(error, (key): key is ErrorKey => t.has(key));
    if (!failure)
      return Response.json({ error: { code: "bad_request", key: "invalidRequest", message: t("invalidRequest") } }, { status: 400 });
    // A field without a label of its own is "a value": never the developer's name for it.
    const field = (failure.field && label(failure.field)) ?? label("value") ?? "";
    const message = t(failure.key, { ...failure.values, field });
    return Response.json({ error: { code: "bad_request", key: failure.key, field: failure.field, message } }, { status: 400 });
  }
  // With the stack: nobody expected this one.
  getLogger().error({ err: error }, "unexpected error");
  return Response.json({ error: { code: "internal", key: "internal", message: t("internal") } }, { status: 500 });
}

/** Wraps a route handler so every thrown error becomes a clean JSON response in the asker's language. */
export function handle<Args extends unknown[]>(fn: (...args: Args) => Promise<Response>) {
  return async (...args: Args): Promise<Response> => {
    try {
      if (args[0] instanceof Request) checkOrigin(args[0]);
      return await fn(...args);
    } catch (error) {
      const translate = await getTranslator();
      const t = Object.assign((key: ErrorKey, values?: ErrorValues) => translate(`errors.${key}`, values), {
        has: (key: string) => translate.has(`errors.${key}` as `errors.${ErrorKey}`),
      });
      const label = (field: string) => {
        const key = `fields.${field}` as `fields.${keyof Catalogue["fields"]}`;
        return translate.has(key) ? translate(key) : null;
      };
      return errorResponse(error, t, label);
    }
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origins this server answers as: its own Host (or the proxy's X-Forwarded-Host) and NEXTAUTH_URL. */
function ownOrigins(request: Request): Set<string> {
  const origins = new Set<string>();
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || new URL(request.url).protocol.replace(":", "");
  for (const host of [request.headers.get("x-forwarded-host")?.split(",")[0]?.trim(), request.headers.get("host")]) {
    if (host) origins.add(`${proto}://${host}`.toLowerCase());
  }
  if (process.env.NEXTAUTH_URL) origins.add(new URL(process.env.NEXTAUTH_URL).origin.toLowerCase());
  return origins;
}

/**
 * Refuses a state-changing request that a browser says comes from another site. Requests without an
 * Origin header (curl, scripts) pass: a browser always sends Origin on a cross-site POST/DELETE.
 */
export function checkOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const origin = request.headers.get("origin");
  const fetchSite = request.headers.get("sec-fetch-site");
  const crossSite = origin ? origin === "null" || !ownOrigins(request).has(origin.toLowerCase()) : fetchSite === "cross-site";
  if (crossSite) throw new AppError("forbidden", "crossSite");
}

/** Largest JSON body a route accepts unless it says otherwise (message routes allow their longest message). */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The one way routes read a body: JSON only, and never more than `limit` bytes read into memory — the
 * count is kept while reading, so a huge or endless body is cut off early. Call it after the session check.
 */
export async function readJson(request: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  // Only JSON: a cross-site HTML form cannot send this content type without a CORS preflight.
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    throw new AppError("bad_request", "jsonContentType");
  }
  const tooLarge = () => new AppError("too_large", "bodyTooLarge", { kilobytes: Math.round(limit / 1024) });
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new AppError("bad_request", "jsonBody");
  }
}
