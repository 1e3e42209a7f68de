import { requireAdmin } from "@/lib/auth/session";
import { handle } from "@/lib/http/route";
import { hubUrl, listGgufFiles } from "@/lib/models/pull/huggingface";
import { parseModelSource } from "@/lib/models/pull/source";

export const dynamic = "force-dynamic";

/**
 * The GGUF files of a pasted hf: name or huggingface.co address: just the one file when it names one, or,
 * when that file is not there, all the others with `missing` naming it.
 */
export const GET = handle(async (request: Request) => {
  const source = new URL(request.url).searchParams.get("source") ?? "";
  await requireAdmin();
  const { repo, file } = parseModelSource(source, hubUrl());
  const all = await listGgufFiles(repo);
  const named = all.filter((f) => f.path === file);
  if (!file || named.length === 0) return Response.json({ repo, files: all, missing: file });
  return Response.json({ repo, files: named, missing: null });
});
