// The consumer of the embedding queue in this worker process: /v1/embeddings' texts into vectors.

import path from "node:path";
import { type Job, UnrecoverableError, type Worker } from "bullmq";
import { createEmbeddingWorker, type EmbeddingJob, type EmbeddingResult, embeddingJobSchema } from "@/lib/embeddings/queue";
import type { Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getLogger } from "@/lib/log";
import { getModelForWorker } from "@/lib/queries/models";
import { embedWith } from "./embedder";

export async function processEmbeddingJob(job: Pick<Job<EmbeddingJob>, "data">, modelsDir: string): Promise<EmbeddingResult> {
  const { modelId, texts } = embeddingJobSchema.parse(job.data);
  const row = await getModelForWorker(modelId);
  // The web checked the model; one deleted since is a failure no retry mends. The key is the web's error.
  if (row?.kind !== "embedding" || row.status !== "ready") throw new UnrecoverableError("apiModelNotFound");
  try {
    return await embedWith({ id: row.id, name: row.name, path: path.join(modelsDir, row.filePath) }, texts);
  } catch (error) {
    if (error instanceof AppError) throw new UnrecoverableError(error.key);
    throw error;
  }
}

export function startEmbeddingWorker(env: Env): Worker<EmbeddingJob, EmbeddingResult> {
  const worker = createEmbeddingWorker((job) => processEmbeddingJob(job, env.modelsDir), { lockMs: env.HEARTH_JOB_LOCK_MS });
  worker.on("failed", (job, error) => getLogger().warn({ jobId: job?.id, error: error.message }, "embedding failed"));
  worker.on("error", (error) => getLogger().error({ error: error.message }, "embedding queue error"));
  return worker;
}
