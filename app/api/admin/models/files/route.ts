import { requireAdmin } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { handle } from "@/lib/http/route";
import { listModelFiles } from "@/lib/models/paths";

export const dynamic = "force-dynamic";

export const GET = handle(async () => {
  await requireAdmin();
  return Response.json({ modelsDir: getEnv().modelsDir, files: await listModelFiles(getEnv().modelsDir) });
});
