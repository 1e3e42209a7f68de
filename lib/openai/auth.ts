// Who is calling /v1: the person whose key is in the Authorization header, and nothing else. A browser's
// session cookie is never read here (no CSRF surface), and every way a key can fail answers the same 401.
import "server-only";
import { countKeyAttempt, keyAttemptSucceeded } from "../api-keys/limit";
import { bearerSecret } from "../api-keys/secret";
import { AppError } from "../errors";
import { clientAddress } from "../http/client-address";
import { getApiKeyPolicy, keyOwner, mayHaveKeys } from "../queries/api-keys";
import type { PublicUser } from "../queries/users";

export type ApiCaller = { user: PublicUser; keyId: string };

export async function requireApiKey(request: Request): Promise<ApiCaller> {
  const secret = bearerSecret(request.headers);
  if (!secret) throw new AppError("unauthorized", "apiKeyMissing");
  const address = clientAddress(request.headers);
  const wait = await countKeyAttempt(address);
  if (wait > 0) throw new AppError("rate_limited", "apiTooManyKeyAttempts", { seconds: wait });
  const [owner, policy] = await Promise.all([keyOwner(secret), getApiKeyPolicy()]);
  // Unknown, revoked, expired or a disabled owner: one answer, so a guesser learns nothing about which.
  if (!owner) throw new AppError("unauthorized", "apiKeyInvalid");
  void keyAttemptSucceeded(address).catch(() => {});
  if (!mayHaveKeys(owner.user.role, policy)) throw new AppError("forbidden", "apiKeysNotAllowed");
  return owner;
}
