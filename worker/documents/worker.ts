// The consumer of the documents queue in this worker process: one file at a time, beside the answers.
import type { Worker } from "bullmq";
import { createDocumentWorker, type DocumentJob, filesWaitingToBeIndexed } from "@/lib/documents/queue";
import type { Env } from "@/lib/env";
import { getLogger } from "@/lib/log";
import type { ChatActivity } from "../chat-first";
import { createDocumentProcessor } from "./processor";

export function startDocumentWorker(env: Env, chat: ChatActivity): Worker<DocumentJob, string> {
  const worker = createDocumentWorker(
    createDocumentProcessor({ maxPages: env.HEARTH_FILE_MAX_PAGES, chat, filesWaiting: filesWaitingToBeIndexed }),
    {
      lockMs: env.HEARTH_JOB_LOCK_MS,
    },
  );
  worker.on("failed", (job, error) => getLogger().warn({ job: job?.id, error: error.message }, "document job failed"));
  worker.on("error", (error) => getLogger().error({ error: error.message }, "documents queue error"));
  return worker;
}
