// Why something failed (an answer, a model download), as stored and sent: a catalogue key (`errors`)
// and its values, never sentences, so each reader sees it in their own language. Shared with the browser.
import type { ErrorKey } from "./config";

export type FailureValues = Record<string, string | number>;
export type Failure = { key: ErrorKey; values?: FailureValues };

/** A bare key when there are no values (as older answers were stored), else JSON. */
export function encodeFailure({ key, values }: Failure): string {
  return values && Object.keys(values).length > 0 ? JSON.stringify({ key, values }) : key;
}

/** The failure in a stored reason; null when it is not one of Hearth's (e.g. text from before catalogues). */
export function decodeFailure(stored: string): { key: string; values: FailureValues } | null {
  if (/^[a-zA-Z]+$/.test(stored)) return { key: stored, values: {} };
  if (!stored.startsWith("{")) return null;
  try {
    const parsed = JSON.parse(stored) as { key?: unknown; values?: unknown };
    if (typeof parsed.key !== "string") return null;
    const values = typeof parsed.values === "object" && parsed.values !== null ? (parsed.values as FailureValues) : {};
    return { key: parsed.key, values };
  } catch {
    return null;
  }
}
