// Prisma CLI configuration. The JS schema engine (driver adapter) lets `prisma generate`
// and `prisma migrate diff` run offline; migrations are applied by prisma/migrate.ts.
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import type { PrismaConfig } from "prisma";

// Without a DATABASE_URL, `prisma generate` falls back to downloading a native engine; any URL avoids that.
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/hearth";

export default {
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return new PrismaPg({
      connectionString: process.env.DATABASE_URL,
    });
  },
} satisfies PrismaConfig;
