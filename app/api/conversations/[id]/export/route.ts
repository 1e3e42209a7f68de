import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { handle } from "@/lib/http/route";
import { exportOneResponse } from "@/lib/library/export";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

const exportQuery = z.object({ format: z.enum(["markdown", "json"]) });

/** One conversation as a download: ?format=markdown (the branch on screen) or ?format=json (Hearth JSON). */
export const GET = handle(async (request: Request, { params }: Params) => {
  const user = await requireUser();
  const { format } = exportQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { id } = await params;
  return exportOneResponse({ userId: user.id, conversationId: id, format });
});
