// The Prisma client: one instance per process, over the pg driver adapter (no native engine).
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { getEnv } from "./env";
import { PrismaClient } from "./generated/prisma/client";

const globalForPrisma = globalThis as unknown as { hearthPrisma?: PrismaClient };

export function getDb(): PrismaClient {
  if (!globalForPrisma.hearthPrisma) {
    const adapter = new PrismaPg({ connectionString: getEnv().DATABASE_URL });
    globalForPrisma.hearthPrisma = new PrismaClient({ adapter });
  }
  return globalForPrisma.hearthPrisma;
}

export async function disconnectDb(): Promise<void> {
  await globalForPrisma.hearthPrisma?.$disconnect();
  globalForPrisma.hearthPrisma = undefined;
}

export type { PrismaClient };
