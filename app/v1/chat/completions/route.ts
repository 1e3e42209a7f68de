import { readJson } from "@/lib/http/route";
import { requireApiKey } from "@/lib/openai/auth";
import { completion } from "@/lib/openai/completion";
import { completionBodyLimit, completionSchema } from "@/lib/openai/request";
import { handleApi } from "@/lib/openai/respond";

export const dynamic = "force-dynamic";

export const POST = handleApi(async (request: Request) => {
  // Who asks is checked first: a caller without a valid key learns nothing about what a request needs.
  const caller = await requireApiKey(request);
  const input = completionSchema.parse(await readJson(request, completionBodyLimit()));
  return completion({ caller, request: input, signal: request.signal });
});
