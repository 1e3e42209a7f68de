// The security headers every response carries. Pages get a Content-Security-Policy with a fresh script
// nonce per request (Next.js reads it from the request's CSP header and puts it on its own scripts);
// API responses get a policy that allows nothing, since they are never meant to render.

export function newNonce(): string {
  return btoa(crypto.randomUUID());
}

/** `isDev`: React's development build needs eval for its error overlays; production never does. */
export function pagePolicy(nonce: string, { isDev = false, https = false } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes (React's style prop, Next's route announcer) cannot carry a nonce.
    // The code highlighter runs in a worker script of Hearth's own ('strict-dynamic' would otherwise refuse it).
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Only over https: on a plain-http LAN address it would send the page's requests to a port nobody serves.
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** Headers set on every response, static files included (next.config.ts) and again by the proxy. */
export const STATIC_HEADERS: [string, string][] = [
  ["X-Content-Type-Options", "nosniff"],
  ["X-Frame-Options", "DENY"],
  ["Referrer-Policy", "strict-origin-when-cross-origin"],
  ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"],
  ["Cross-Origin-Opener-Policy", "same-origin"],
];

export const HSTS = "max-age=31536000; includeSubDomains";

/**
 * isHttps's forwarded-proto test as a next.config `has` pattern (anchored by Next), for the one route the
 * proxy does not see: the first of the listed protocols is https, in any case.
 */
export const FORWARDED_HTTPS_PATTERN = "\\s*[Hh][Tt][Tt][Pp][Ss]\\s*(?:,.*)?";

/** Served over https when the TLS proxy in front says so (X-Forwarded-Proto) or the URL itself is https. */
export function isHttps(url: string, forwardedProto: string | null): boolean {
  const proto = forwardedProto?.split(",")[0]?.trim().toLowerCase();
  return proto ? proto === "https" : url.startsWith("https:");
}
