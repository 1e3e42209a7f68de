import { requireUser } from "@/lib/auth/session";
import { handle } from "@/lib/http/route";
import { searchConversations } from "@/lib/queries/search";
import { searchQuerySchema } from "./schema";

export const dynamic = "force-dynamic";

const DAY_MS = 24 * 60 * 60 * 1000;

export const GET = handle(async (request: Request) => {
  const user = await requireUser();
  const input = searchQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const results = await searchConversations({
    userId: user.id,
    query: input.q,
    filters: {
      from: input.from ? new Date(`${input.from}T00:00:00Z`) : undefined,
      to: input.to ? new Date(new Date(`${input.to}T00:00:00Z`).getTime() + DAY_MS) : undefined,
      modelId: input.model,
      folderId: input.folder,
      archived: input.archived,
    },
  });
  return Response.json({ results });
});
