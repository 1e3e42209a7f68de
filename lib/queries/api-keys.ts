// Data access for API keys: every query that touches a person's keys takes their id. The secret itself is
// never stored; only its hash (lib/api-keys/secret.ts).
import "server-only";
import { hashSecret, newSecret, shownPrefix } from "../api-keys/secret";
import { getDb } from "../db";
import { AppError } from "../errors";
import type { Role } from "../generated/prisma/client";
import { type PublicUser, publicFields } from "./users";

/** A person collects keys for apps they stopped using; past this they revoke one first. */
export const MAX_KEYS_PER_PERSON = 25;

/** How stale lastUsedAt may get before a request refreshes it (saves a write per request). */
const USED_GRANULARITY_MS = 60_000;

export type ApiKeyView = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  requests: number;
  tokens: number;
};

const viewFields = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  requests: true,
  tokens: true,
} as const;

function toView(row: Omit<ApiKeyView, "tokens"> & { tokens: bigint }): ApiKeyView {
  return { ...row, tokens: Number(row.tokens) };
}

export type ApiKeyPolicy = { members: boolean; children: boolean };

export async function getApiKeyPolicy(): Promise<ApiKeyPolicy> {
  const row = await getDb().settings.findUnique({ where: { id: 1 }, select: { apiKeysForMembers: true, apiKeysForChildren: true } });
  return { members: row?.apiKeysForMembers ?? true, children: row?.apiKeysForChildren ?? false };
}

export async function setApiKeyPolicy(policy: ApiKeyPolicy): Promise<void> {
  const data = { apiKeysForMembers: policy.members, apiKeysForChildren: policy.children };
  await getDb().settings.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data });
}

/** Admins always may; members while the family allows it; children only when it allows children too. */
export function mayHaveKeys(role: Role, policy: ApiKeyPolicy): boolean {
  if (role === "admin") return true;
  if (role === "child") return policy.members && policy.children;
  return policy.members;
}

/** A new key for the person; the secret is returned this once and never again. */
export async function createApiKey(input: { userId: string; name: string; expiresAt: Date | null }) {
  const db = getDb();
  const active = await db.apiKey.count({ where: { userId: input.userId, revokedAt: null } });
  if (active >= MAX_KEYS_PER_PERSON) throw new AppError("conflict", "apiKeysTooMany", { count: MAX_KEYS_PER_PERSON });
  const secret = newSecret();
  const row = await db.apiKey.create({
    data: {
      userId: input.userId,
      name: input.name.trim(),
      secretHash: hashSecret(secret),
      prefix: shownPrefix(secret),
      expiresAt: input.expiresAt,
    },
    select: viewFields,
  });
  return { key: toView(row), secret };
}

export async function listApiKeys(userId: string): Promise<ApiKeyView[]> {
  const rows = await getDb().apiKey.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: viewFields });
  return rows.map(toView);
}

/** Revokes one of the person's keys; false when it is not theirs (or already revoked). */
export async function revokeApiKey({ id, userId }: { id: string; userId: string }): Promise<boolean> {
  const { count } = await getDb().apiKey.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count > 0;
}

export type AdminApiKeyView = ApiKeyView & { owner: { id: string; name: string; email: string } };

/** Every key of the family, for the admin: who owns it and how it is used, never its secret or hash. */
export async function listAllApiKeys(): Promise<AdminApiKeyView[]> {
  const rows = await getDb().apiKey.findMany({
    orderBy: { createdAt: "desc" },
    take: 1000,
    select: { ...viewFields, user: { select: { id: true, name: true, email: true } } },
  });
  return rows.map(({ user, ...row }) => ({ ...toView(row), owner: user }));
}

/** The admin's revoke: any key. False when there is no such unrevoked key. */
export async function revokeAnyApiKey(id: string): Promise<boolean> {
  const { count } = await getDb().apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  return count > 0;
}

/**
 * The person a secret belongs to, in one query: null for an unknown, revoked or expired key and for an owner who
 * is not active, all alike (the caller must not learn which).
 */
export async function keyOwner(secret: string): Promise<{ keyId: string; user: PublicUser } | null> {
  const db = getDb();
  const now = new Date();
  const row = await db.apiKey.findFirst({
    where: {
      secretHash: hashSecret(secret),
      revokedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      user: { status: "active" },
    },
    select: { id: true, lastUsedAt: true, user: { select: publicFields } },
  });
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > USED_GRANULARITY_MS) {
    void db.apiKey.updateMany({ where: { id: row.id }, data: { lastUsedAt: now } }).catch(() => {});
  }
  return { keyId: row.id, user: row.user };
}

/** Counts a completion and its tokens against the key (the person's own usage is counted by their messages). */
export async function countKeyUse({ keyId, tokens }: { keyId: string; tokens: number }): Promise<void> {
  await getDb().apiKey.update({
    where: { id: keyId },
    data: { requests: { increment: 1 }, tokens: { increment: BigInt(Math.max(0, tokens)) }, lastUsedAt: new Date() },
  });
}
