import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native/ESM-heavy server packages stay external to the bundle.
  serverExternalPackages: ["argon2", "bullmq", "ioredis", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
  // `npm run typecheck` checks the whole repository (tests and worker too); the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
