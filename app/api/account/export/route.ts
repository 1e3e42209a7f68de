import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { handle } from "@/lib/http/route";
import { exportAllResponse } from "@/lib/library/export";

export const dynamic = "force-dynamic";

const exportQuery = z.object({ format: z.enum(["zip", "json"]) });

/** Every conversation of the member's, streamed: ?format=zip (Hearth JSON + Markdown files) or ?format=json. */
export const GET = handle(async (request: Request) => {
  const user = await requireUser();
  const { format } = exportQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return exportAllResponse({ userId: user.id, format });
});
