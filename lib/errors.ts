// One error type with stable codes; route handlers turn it into a response in one place, where the
// message is translated into the language of the person asking (lib/i18n).
import { ZodError } from "zod";
import type { ErrorKey } from "./i18n/config";

const statusByCode = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof statusByCode;
export type ErrorValues = Record<string, string | number>;

/** `key` names the message in the catalogues' `errors` section; `values` fill its placeholders. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly key: ErrorKey,
    readonly values: ErrorValues = {},
  ) {
    super(key);
  }

  get status(): number {
    return statusByCode[this.code];
  }
}

export type ErrorTranslator = (key: ErrorKey, values?: ErrorValues) => string;

function isErrorKey(message: string, t: { has(key: string): boolean }): message is ErrorKey {
  return /^[a-zA-Z]+$/.test(message) && t.has(message);
}

export function errorResponse(error: unknown, t: ErrorTranslator & { has(key: string): boolean }): Response {
  if (error instanceof AppError) {
    const body = { code: error.code, key: error.key, message: t(error.key, error.values) };
    return Response.json({ error: body }, { status: error.status });
  }
  if (error instanceof ZodError) {
    // A schema's own message is a catalogue key; any other problem names the field.
    const first = error.issues[0];
    const field = first?.path.join(".");
    const key: ErrorKey = first && isErrorKey(first.message, t) ? first.message : field ? "invalidInput" : "invalidRequest";
    return Response.json({ error: { code: "bad_request", key, message: t(key, { field: field ?? "" }) } }, { status: 400 });
  }
  console.error("[hearth] unexpected error", error);
  return Response.json({ error: { code: "internal", key: "internal", message: t("internal") } }, { status: 500 });
}

/** Wraps a route handler so every thrown error becomes a clean JSON response in the asker's language. */
export function handle<Args extends unknown[]>(fn: (...args: Args) => Promise<Response>) {
  return async (...args: Args): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (error) {
      // Loaded only here: the worker shares this module but has no request to take a language from.
      const { getTranslator } = await import("./i18n/server");
      const translate = await getTranslator();
      const t = Object.assign((key: ErrorKey, values?: ErrorValues) => translate(`errors.${key}`, values), {
        has: (key: string) => translate.has(`errors.${key}` as `errors.${ErrorKey}`),
      });
      return errorResponse(error, t);
    }
  };
}

export async function readJson(request: Request): Promise<unknown> {
  // Only JSON: a cross-site HTML form cannot send this content type without a CORS preflight.
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    throw new AppError("bad_request", "jsonContentType");
  }
  try {
    return await request.json();
  } catch {
    throw new AppError("bad_request", "jsonBody");
  }
}
