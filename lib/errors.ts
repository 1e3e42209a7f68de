// One error type with stable codes; route handlers turn it into a response in one place.
import { ZodError } from "zod";

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

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return statusByCode[this.code];
  }
}

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    return Response.json({ error: { code: error.code, message: error.message } }, { status: error.status });
  }
  if (error instanceof ZodError) {
    const first = error.issues[0];
    const field = first?.path.join(".");
    const message = first ? `${field ? `${field}: ` : ""}${first.message}` : "Invalid input";
    return Response.json({ error: { code: "bad_request", message } }, { status: 400 });
  }
  console.error("[hearth] unexpected error", error);
  return Response.json({ error: { code: "internal", message: "Something went wrong on the server." } }, { status: 500 });
}

/** Wraps a route handler so every thrown error becomes a clean JSON response. */
export function handle<Args extends unknown[]>(fn: (...args: Args) => Promise<Response>) {
  return async (...args: Args): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export async function readJson(request: Request): Promise<unknown> {
  // Only JSON: a cross-site HTML form cannot send this content type without a CORS preflight.
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    throw new AppError("bad_request", "The request body must be JSON (Content-Type: application/json).");
  }
  try {
    return await request.json();
  } catch {
    throw new AppError("bad_request", "The request body must be JSON.");
  }
}
