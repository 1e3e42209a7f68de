import { requireUser } from "@/lib/auth/session";
import { sendMessage } from "@/lib/chat";
import { handle, readJson } from "@/lib/errors";
import { newMessageSchema } from "../../schema";

export const dynamic = "force-dynamic";

export const POST = handle(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const input = newMessageSchema.parse(await readJson(request));
  const { id } = await params;
  const user = await requireUser();
  const sent = await sendMessage({ userId: user.id, conversationId: id, content: input.content });
  return Response.json(sent, { status: 201 });
});
