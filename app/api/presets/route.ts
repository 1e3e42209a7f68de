import { requireUser } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http/route";
import { createPreset, listPresets, newPresetSchema } from "@/lib/queries/presets";

export const dynamic = "force-dynamic";

export const GET = handle(async () => {
  const user = await requireUser();
  return Response.json({ presets: await listPresets({ userId: user.id }) });
});

export const POST = handle(async (request: Request) => {
  const user = await requireUser();
  const input = newPresetSchema.parse(await readJson(request));
  return Response.json({ preset: await createPreset({ userId: user.id, ...input }) }, { status: 201 });
});
