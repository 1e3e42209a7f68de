import { requireUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { handle, readJson } from "@/lib/http/route";
import { createApiKey, getApiKeyPolicy, listApiKeys, mayHaveKeys } from "@/lib/queries/api-keys";
import { setShowApiConversations, showsApiConversations } from "@/lib/queries/users";
import { apiKeySettingsSchema, newApiKeySchema } from "./schema";

export const dynamic = "force-dynamic";

const DAY_MS = 24 * 3600_000;

/** The person's own keys (never a secret), whether they may make more, and whether API chats show in the sidebar. */
export const GET = handle(async () => {
  const user = await requireUser();
  const [keys, policy, show] = await Promise.all([listApiKeys(user.id), getApiKeyPolicy(), showsApiConversations(user.id)]);
  return Response.json({ keys, allowed: mayHaveKeys(user.role, policy), showApiConversations: show });
});

/** A new key: its secret is in this response and nowhere else, ever. */
export const POST = handle(async (request: Request) => {
  const user = await requireUser();
  const input = newApiKeySchema.parse(await readJson(request));
  if (!mayHaveKeys(user.role, await getApiKeyPolicy())) throw new AppError("forbidden", "apiKeysNotAllowed");
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * DAY_MS) : null;
  const { key, secret } = await createApiKey({ userId: user.id, name: input.name, expiresAt });
  return Response.json({ key, secret }, { status: 201 });
});

export const PATCH = handle(async (request: Request) => {
  const user = await requireUser();
  const input = apiKeySettingsSchema.parse(await readJson(request));
  await setShowApiConversations({ userId: user.id, show: input.showApiConversations });
  return Response.json(input);
});
