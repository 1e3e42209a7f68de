// The address an invite link is built on: the one people type (HEARTH_URL, which Compose passes on as
// NEXTAUTH_URL), never the address the admin happens to use; a link to 127.0.0.1 does not open on a phone.
import "server-only";
import { getEnv } from "../env";

/** The configured public address, or null when none is set (the request's own origin is all there is). */
export function publicBaseUrl(): string | null {
  return process.env.HEARTH_URL || getEnv().NEXTAUTH_URL || null;
}

/** localhost, 127.0.0.0/8, ::1, 0.0.0.0: an address only the server itself can open. */
export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || /^127\./.test(host) || host === "::1" || host === "0.0.0.0";
}

/** The full link for an invite path, and whether it only opens on this machine. */
export function inviteLink(path: string, requestOrigin: string): { url: string; loopback: boolean } {
  const base = publicBaseUrl() ?? requestOrigin;
  const url = new URL(path, base).toString();
  return { url, loopback: isLoopback(url) };
}
