import type { NextConfig } from "next";
import { API_POLICY, FORWARDED_HTTPS_PATTERN, HSTS, STATIC_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // Native/ESM-heavy server packages stay external to the bundle.
  serverExternalPackages: ["argon2", "bullmq", "ioredis", "pg", "@prisma/adapter-pg", "node-llama-cpp"],
  poweredByHeader: false,
  // `npm run typecheck` checks the whole repository (tests and worker too); the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // Every response, static files included; pages and API responses also get their CSP from proxy.ts.
  async headers() {
    return [
      { source: "/:path*", headers: STATIC_HEADERS.map(([key, value]) => ({ key, value })) },
      // The routes proxy.ts does not see (see its matcher).
      ...["/api/admin/models/upload", "/api/imports"].flatMap((source) => [
        { source, headers: [{ key: "Content-Security-Policy", value: API_POLICY }] },
        {
          source,
          has: [{ type: "header" as const, key: "x-forwarded-proto", value: FORWARDED_HTTPS_PATTERN }],
          headers: [{ key: "Strict-Transport-Security", value: HSTS }],
        },
      ]),
    ];
  },
};

export default nextConfig;
