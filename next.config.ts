import type { NextConfig } from "next";
import { API_POLICY, STATIC_HEADERS } from "./lib/http/security-headers";

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
      // The one route proxy.ts does not see (see its matcher).
      { source: "/api/admin/models/upload", headers: [{ key: "Content-Security-Policy", value: API_POLICY }] },
    ];
  },
};

export default nextConfig;
