import { requireAdmin } from "@/lib/auth/session";
import { handle } from "@/lib/http/route";
import { getTranslator } from "@/lib/i18n/server";
import { listRecommendations } from "@/lib/models/recommend";

export const dynamic = "force-dynamic";

/** The catalogue, each entry with whether it fits the roomiest worker. */
export const GET = handle(async () => {
  await requireAdmin();
  return Response.json(await listRecommendations(await getTranslator()));
});
