import { z } from "zod";
import { requireAdmin } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http/route";
import { getApiKeyPolicy, listAllApiKeys, setApiKeyPolicy } from "@/lib/queries/api-keys";

export const dynamic = "force-dynamic";

/** Every key in the family: owner, name, dates and use; never a secret. */
export const GET = handle(async () => {
  await requireAdmin();
  const [keys, policy] = await Promise.all([listAllApiKeys(), getApiKeyPolicy()]);
  return Response.json({ keys, policy });
});

/** Whether members and children may have keys. Turning it off stops their existing keys at once (403). */
export const PUT = handle(async (request: Request) => {
  await requireAdmin();
  const policy = z.object({ members: z.boolean(), children: z.boolean() }).parse(await readJson(request));
  await setApiKeyPolicy(policy);
  return Response.json({ policy: await getApiKeyPolicy() });
});
