// /v1/embeddings in OpenAI's shape: a string or a list of strings in, one vector each out (floats, or base64
// of little-endian float32, which the official client asks for by default). The worker embeds; the web waits.
import "server-only";
import { z } from "zod";
import { EMBEDDING_WAIT_MS, embedThroughWorker, MAX_EMBEDDING_CHARS, MAX_EMBEDDING_TEXTS } from "../embeddings/queue";
import { AppError } from "../errors";
import { countKeyUse } from "../queries/api-keys";
import type { ApiCaller } from "./auth";
import { resolveModel } from "./models";

export const embeddingsSchema = z.object({
  model: z.string().min(1).max(200),
  input: z.union([z.string(), z.array(z.string()).min(1)]),
  encoding_format: z.enum(["float", "base64"]).optional(),
  // Accepted and ignored: names the end user for OpenAI's abuse checks, which Hearth has no use for.
  user: z.string().max(256).optional(),
});
export type EmbeddingsRequest = z.infer<typeof embeddingsSchema>;

/** A request is one job in Redis: a few MB of text is plenty for a batch of chunks. */
export function embeddingsBodyLimit(): number {
  return 4 * 1024 * 1024;
}

export async function createEmbeddings({ caller, request }: { caller: ApiCaller; request: EmbeddingsRequest }): Promise<Response> {
  const texts = typeof request.input === "string" ? [request.input] : request.input;
  if (texts.length > MAX_EMBEDDING_TEXTS || texts.some((t) => t.length > MAX_EMBEDDING_CHARS)) {
    throw new AppError("too_large", "embeddingTooLong", { texts: MAX_EMBEDDING_TEXTS, chars: MAX_EMBEDDING_CHARS });
  }
  const model = await resolveModel(caller.user.id, request.model, "embedding");
  const result = await embedThroughWorker({ modelId: model.id, texts }).catch((error: Error) => workerError(error, model.name));
  void countKeyUse({ keyId: caller.keyId, tokens: result.tokens }).catch(() => {});
  const base64 = request.encoding_format === "base64";
  return Response.json({
    object: "list",
    data: result.vectors.map((vector, index) => ({ object: "embedding", index, embedding: base64 ? toBase64(vector) : vector })),
    model: model.name,
    usage: { prompt_tokens: result.tokens, total_tokens: result.tokens },
  });
}

function toBase64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString("base64");
}

/** A model deleted while the job waited is the same 404 as one never there; a worker that never answers, a 503. */
function workerError(error: Error, model: string): never {
  if (error.message === "apiModelNotFound") throw new AppError("not_found", "apiModelNotFound", { model });
  if (/timed out/i.test(error.message)) throw new AppError("unavailable", "embeddingTimedOut", { seconds: EMBEDDING_WAIT_MS / 1000 });
  throw error;
}
