// One error type with stable codes. It depends on nothing: lib/http/route.ts turns it into a response
// in the language of the person asking.
import type { ErrorKey } from "./i18n/config";

const statusByCode = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  /** A child's limit (hours, model, daily budget); the message says which and until when. */
  limit_reached: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
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
