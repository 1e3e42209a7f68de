// Runs before every request: security headers on every response, and a fresh CSP nonce for each page.
// Authorization is not decided here: every route handler and page checks the session itself.
import { type NextRequest, NextResponse } from "next/server";
import { API_POLICY, HSTS, isHttps, newNonce, pagePolicy, STATIC_HEADERS } from "@/lib/http/security-headers";

export function proxy(request: NextRequest) {
  const https = isHttps(request.url, request.headers.get("x-forwarded-proto"));
  const isApi = request.nextUrl.pathname.startsWith("/api/") || request.nextUrl.pathname.startsWith("/v1/");
  const nonce = newNonce();
  const policy = isApi ? API_POLICY : pagePolicy(nonce, { isDev: process.env.NODE_ENV === "development", https });

  const requestHeaders = new Headers(request.headers);
  if (!isApi) {
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("Content-Security-Policy", policy);
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  for (const [name, value] of STATIC_HEADERS) response.headers.set(name, value);
  if (https) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export const config = {
  // Static build files are immutable and carry the headers from next.config.ts. A model upload skips the
  // proxy too: Next buffers the body of a request the proxy sees and cuts it at 10 MB
  // (proxyClientMaxBodySize), and an upload must stream to disk whatever its size. So does an import's upload.
  matcher: ["/((?!_next/static|_next/image|api/admin/models/upload$|api/imports$).*)"],
};
