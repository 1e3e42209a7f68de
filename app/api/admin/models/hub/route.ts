import { requireAdmin } from "@/lib/auth/session";
import { handle } from "@/lib/http/route";
import { hubUrl, listGgufFiles } from "@/lib/models/pull/huggingface";
import { parseModelSource } from "@/lib/models/pull/source";

export const dynamic = "force-dynamic";

/** The GGUF files of a pasted hf: name or huggingface.co address (just the one file when it names one). */
export const GET = handle(async (request: Request) => {
  const source = new URL(request.url).searchParams.get("source") ?? "";
  await requireAdmin();
  const { repo, file } = parseModelSource(source, hubUrl());
  const files = (await listGgufFiles(repo)).filter((f) => !file || f.path === file);
  return Response.json({ repo, files });
});
