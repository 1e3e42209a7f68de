// The generation job processor: claims the message, streams tokens to Redis, stores the result.
import { type Job, UnrecoverableError } from "bullmq";
import type { Redis } from "ioredis";
import { claimGeneration, saveFinal, savePartial } from "@/lib/queries/generations";
import { GENERATION_ATTEMPTS, type GenerationJob, generationJobSchema } from "@/lib/queue/jobs";
import { recordGenerationSeconds } from "@/lib/queue/positions";
import { removeWaiting } from "@/lib/queue/waiting-count";
import type { FinalEvent } from "@/lib/stream/events";
import { GenerationWriter } from "@/lib/stream/writer";
import { SHUTDOWN, type StopRegistry } from "./control";
import type { ModelHost } from "./engine/model-host";
import { generate, PromptTooLongError } from "./generate";
import type { ModelCache } from "./model-cache";

class ModelLoadError extends Error {}
class WorkerShutdownError extends Error {}

/** Bounded loss: partial text reaches PostgreSQL at least this often while generating. */
const PARTIAL_SAVE_MS = 1000;

type Deps = { host: ModelHost; models: ModelCache; stops: StopRegistry; redis: Redis; maxOutputTokens: number };

export function createProcessor({ host, models, stops, redis, maxOutputTokens }: Deps) {
  return async function processGeneration(job: Job<GenerationJob>): Promise<string> {
    const { messageId, modelId, userId } = generationJobSchema.parse(job.data);
    const claimed = await claimGeneration(messageId);
    if (!claimed) return "skipped";
    const { attempt, turns } = claimed;
    if (attempt === 1) void removeWaiting(redis, userId).catch(() => {});

    const writer = new GenerationWriter(redis, messageId, attempt);
    const finish = async (event: FinalEvent, stats: Parameters<typeof saveFinal>[2] = { status: event.type, content: event.content }) => {
      // A superseded attempt (its job was taken over) must neither store nor announce a result.
      if (!(await saveFinal(messageId, attempt, stats))) return "superseded";
      await writer.finish(event);
      return event.type;
    };

    const fail = async (error: string, content = "") => {
      await finish({ type: "failed", content, error }, { status: "failed", content, error });
      return new UnrecoverableError(error);
    };

    if (attempt > GENERATION_ATTEMPTS)
      throw await fail("The answer could not be generated: the worker stopped unexpectedly several times.");
    if (attempt > 1) writer.emit({ type: "retrying", attempt, reason: "The worker restarted; generating the answer again." });

    const model = await models.get(modelId);
    if (!model) throw await fail("The model for this conversation is no longer installed.");

    const controller = await stops.track(messageId);
    let text = "";
    try {
      if (!host.isLoaded(model.id)) writer.emit({ type: "loading", model: model.name });
      const lease = await host
        .acquire({ id: model.id, filePath: model.filePath, contextLength: model.contextLength })
        .catch((error: Error) => {
          throw new ModelLoadError(`The model "${model.name}" could not be loaded: ${error.message}`);
        });
      const startedAt = performance.now();
      let lastSave = startedAt;
      let saving: Promise<void> = Promise.resolve();
      try {
        const result = await generate({
          lease,
          turns,
          maxTokens: maxOutputTokens,
          signal: controller.signal,
          onStart: ({ promptTokens, contextSize, trimmedTurns }) => {
            writer.emit({ type: "started", attempt, promptTokens, contextSize, trimmedTurns });
          },
          onText: (chunk) => {
            text += chunk;
            writer.emitText(chunk);
            const now = performance.now();
            if (now - lastSave >= PARTIAL_SAVE_MS) {
              lastSave = now;
              const snapshot = text;
              saving = saving.then(() => savePartial(messageId, attempt, snapshot)).catch(() => {});
            }
          },
        });
        await saving;
        if (result.stopReason === "stopped" && controller.signal.reason === SHUTDOWN)
          throw new WorkerShutdownError("The worker restarted.");
        await recordGenerationSeconds(redis, (performance.now() - startedAt) / 1000).catch(() => {});
        const stats = {
          outputTokens: result.outputTokens,
          tokensPerSec: result.tokensPerSec,
          firstTokenMs: result.firstTokenMs,
        };
        const status = result.stopReason === "stopped" ? "stopped" : "done";
        return await finish(
          { type: status, content: result.text, ...stats },
          { status, content: result.text, promptTokens: result.promptTokens, contextSize: lease.contextSize, ...stats },
        );
      } finally {
        lease.release();
      }
    } catch (error) {
      if (error instanceof WorkerShutdownError || controller.signal.reason === SHUTDOWN) {
        // Not the member's stop: BullMQ retries the job, on another worker or after the restart.
        throw error instanceof WorkerShutdownError ? error : new WorkerShutdownError("The worker restarted.");
      }
      if (controller.signal.aborted) {
        // Stopped before the first token (e.g. while the model loaded): stored as stopped, not failed.
        const stats = { outputTokens: 0, tokensPerSec: null, firstTokenMs: null };
        return await finish({ type: "stopped", content: text, ...stats }, { status: "stopped", content: text, ...stats });
      }
      // A prompt that does not fit or a model file that does not load fails the same way every time.
      const hopeless = error instanceof PromptTooLongError || error instanceof ModelLoadError;
      const reason = hopeless ? (error as Error).message : `The model failed: ${(error as Error).message}`;
      if (!hopeless && attempt < GENERATION_ATTEMPTS) throw error; // BullMQ tries again
      throw await fail(reason, text);
    } finally {
      stops.untrack(messageId);
    }
  };
}
