import { requireAdmin } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http/route";
import { createCollection, listCollectionsForAdmin } from "@/lib/queries/collections";
import { newCollectionSchema } from "./schema";

export const dynamic = "force-dynamic";

/** Every collection with its files and their processing state (the admin page follows them with this). */
export const GET = handle(async () => {
  await requireAdmin();
  return Response.json({ collections: await listCollectionsForAdmin() });
});

export const POST = handle(async (request: Request) => {
  await requireAdmin();
  const input = newCollectionSchema.parse(await readJson(request));
  return Response.json({ collection: await createCollection(input) }, { status: 201 });
});
