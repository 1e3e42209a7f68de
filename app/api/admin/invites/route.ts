import { requireAdmin } from "@/lib/auth/session";
import { handle, readJson } from "@/lib/http/route";
import { inviteLink } from "@/lib/invites/link";
import { createInvite, listInvites } from "@/lib/queries/invites";
import { newInviteSchema } from "./schema";

export const dynamic = "force-dynamic";

export const GET = handle(async () => {
  await requireAdmin();
  return Response.json({ invites: await listInvites() });
});

/** The link is shown once, here: only its hash is kept. Built on the public address (lib/invites/link.ts). */
export const POST = handle(async (request: Request) => {
  const admin = await requireAdmin();
  const input = newInviteSchema.parse(await readJson(request));
  const { invite, token } = await createInvite({ ...input, createdById: admin.id });
  const path = `/invite/${token}`;
  return Response.json({ invite, path, ...inviteLink(path, new URL(request.url).origin) }, { status: 201 });
});
