// A request that failed its schema, told in a person's words: the field by its name in their language (the
// catalogues' `fields`) and what it accepts, never a developer's path like "sampling.temperature".
import type { ZodError, z } from "zod";
import type { ErrorKey } from "./config";
import { decodeFailure, encodeFailure, type FailureValues } from "./failure";

/**
 * A number field's whole range, carried in the message of both bounds: whichever end is crossed, the person
 * learns both ends (a zod issue only knows the one it checked). `above` makes the lower bound exclusive.
 */
export function between<T extends z.ZodNumber>(schema: T, min: number, max: number, options: { above?: boolean } = {}): T {
  const message = encodeFailure({ key: options.above ? "fieldRangeAbove" : "fieldRange", values: { min, max } });
  return (options.above ? schema.gt(min, message) : schema.min(min, message)).max(max, message) as T;
}

export type FieldFailure = { key: ErrorKey; values: FailureValues; field: string | null };

type Issue = ZodError["issues"][number];

/** What went wrong with one value, from zod's own description of the issue. */
function problemOf(issue: Issue): { key: ErrorKey; values: FailureValues } {
  const origin = "origin" in issue ? issue.origin : undefined;
  if (issue.code === "too_small") {
    const min = Number(issue.minimum);
    if (origin === "string") return min <= 1 ? { key: "fieldRequired", values: {} } : { key: "fieldTooShort", values: { min } };
    if (origin === "number") return { key: issue.inclusive === false ? "fieldMoreThan" : "fieldAtLeast", values: { min } };
  }
  if (issue.code === "too_big") {
    const max = Number(issue.maximum);
    if (origin === "string") return { key: "fieldTooLong", values: { max } };
    if (origin === "array") return { key: "fieldTooMany", values: { max } };
    if (origin === "number") return { key: issue.inclusive === false ? "fieldLessThan" : "fieldAtMost", values: { max } };
  }
  if (issue.code === "invalid_type" && issue.expected === "int") return { key: "fieldWholeNumber", values: {} };
  if (issue.code === "invalid_type" && issue.expected === "number") return { key: "fieldNumber", values: {} };
  return { key: "invalidInput", values: {} };
}

/**
 * The first problem of a failed parse. A schema's own message wins when it is a catalogue key (bare, or encoded
 * with values by `between`); `field` is the property's name, for the caller to look up in the catalogue.
 */
export function fieldFailure(error: ZodError, isKey: (key: string) => key is ErrorKey): FieldFailure | null {
  const issue = error.issues[0];
  if (!issue) return null;
  const field = issue.path.findLast((part): part is string => typeof part === "string") ?? null;
  const own = decodeFailure(issue.message);
  if (own && isKey(own.key)) return { key: own.key, values: own.values, field };
  return { ...problemOf(issue), field };
}
