// Responses of the OpenAI-compatible /v1 API: every error in OpenAI's shape
// ({ error: { message, type, param, code } }) with its status, in the caller's language, and 429 with Retry-After.
import "server-only";
import { ZodError } from "zod";
import { AppError, type ErrorValues } from "../errors";
import { type ErrorKey, isLocale, type Locale, localeFromAcceptLanguage } from "../i18n/config";
import { translatorFor } from "../i18n/server";
import { getLogger } from "../log";

/** Seconds a client is asked to wait when the person's queue is full (an answer takes seconds to finish). */
const QUEUE_FULL_RETRY_SECONDS = 5;

const typeByStatus: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "invalid_request_error",
  409: "invalid_request_error",
  413: "invalid_request_error",
  429: "rate_limit_error",
  503: "server_error",
};

/** OpenAI's own codes where clients look for them; otherwise the catalogue key, which is stable too. */
const openAiCodes: Partial<Record<ErrorKey, string>> = {
  apiKeyInvalid: "invalid_api_key",
  apiKeyMissing: "invalid_api_key",
  apiModelNotFound: "model_not_found",
  messageTooLongForModel: "context_length_exceeded",
  promptTooLong: "context_length_exceeded",
};

export type ApiErrorContext = { locale?: string | null; acceptLanguage?: string | null };

function localeOf(context: ApiErrorContext): Locale {
  return isLocale(context.locale) ? context.locale : localeFromAcceptLanguage(context.acceptLanguage ?? null);
}

/** The message of a catalogue key in the caller's language (also used for failures inside a stream). */
export function apiMessage(key: ErrorKey, values: ErrorValues, context: ApiErrorContext): string {
  const t = translatorFor(localeOf(context));
  return t(`errors.${key}`, values);
}

export function apiErrorBody(
  input: { status: number; key: ErrorKey; values?: ErrorValues; param?: string | null },
  context: ApiErrorContext,
) {
  return {
    error: {
      message: apiMessage(input.key, input.values ?? {}, context),
      type: typeByStatus[input.status] ?? "server_error",
      param: input.param ?? null,
      code: openAiCodes[input.key] ?? input.key,
    },
  };
}

function retryAfter(error: AppError): string | null {
  if (error.status !== 429) return null;
  const seconds = Number(error.values.seconds);
  return String(Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : QUEUE_FULL_RETRY_SECONDS);
}

export function apiErrorResponse(error: unknown, context: ApiErrorContext): Response {
  if (error instanceof AppError) {
    const headers: Record<string, string> = {};
    const wait = retryAfter(error);
    if (wait) headers["Retry-After"] = wait;
    if (error.status === 401) headers["WWW-Authenticate"] = 'Bearer realm="hearth"';
    return Response.json(apiErrorBody({ status: error.status, key: error.key, values: error.values }, context), {
      status: error.status,
      headers,
    });
  }
  if (error instanceof ZodError) {
    const first = error.issues[0];
    const param = first?.path.join(".") || null;
    const body = apiErrorBody(
      { status: 400, key: param ? "invalidInput" : "invalidRequest", values: { field: param ?? "" }, param },
      context,
    );
    if (first?.message && first.code === "custom") body.error.message = `${body.error.message} ${first.message}`;
    return Response.json(body, { status: 400 });
  }
  getLogger().error({ err: error }, "/v1: unexpected error");
  return Response.json(apiErrorBody({ status: 500, key: "internal" }, context), { status: 500 });
}

/**
 * Wraps a /v1 handler. No Origin check: /v1 never reads cookies, so a cross-site page cannot borrow anyone's
 * authority here; only a key in the Authorization header counts.
 */
export function handleApi<Args extends [Request, ...unknown[]]>(fn: (...args: Args) => Promise<Response>) {
  return async (...args: Args): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (error) {
      return apiErrorResponse(error, { acceptLanguage: args[0].headers.get("accept-language") });
    }
  };
}
