// The one home of an API key's shape: how a secret is made, recognised, hashed and shown.
import { createHash, randomBytes } from "node:crypto";

/** Recognisable in logs and by secret scanners; the rest is 32 random bytes. */
export const KEY_PREFIX = "hearth-";

/** Characters of a key shown in lists (the marker and a few random ones): enough to tell keys apart, never to use one. */
const SHOWN_CHARS = KEY_PREFIX.length + 6;

export function newSecret(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/**
 * SHA-256, not argon2: a key is 256 random bits, so there is nothing to guess offline even with a fast hash
 * (unlike a password), and a fast hash lets every /v1 request find its key by an indexed equality lookup
 * instead of verifying a slow hash per key. A leaked database still yields no usable key.
 */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function shownPrefix(secret: string): string {
  return secret.slice(0, SHOWN_CHARS);
}

/** The secret from an `Authorization: Bearer …` header; null when there is none. */
export function bearerSecret(headers: Headers): string | null {
  const value = headers.get("authorization");
  const match = value ? /^Bearer\s+(\S{1,200})\s*$/i.exec(value) : null;
  return match?.[1] ?? null;
}
