// Generated conversation titles, the worker's low-priority work: one at a time, only while no answer is being
// written or waits, stopped the moment an answer asks for a sequence (ModelHost.acquireSpare) and tried again later.
// A title that cannot be made leaves the first words in place; the log says why.
import { type Job, type Queue, UnrecoverableError } from "bullmq";
import type { GenerationJob } from "@/lib/generations/queue";
import type { Logger } from "@/lib/log";
import { readLoadSettings } from "@/lib/models/settings";
import { saveGeneratedTitle, type TitleSource, titleSource, wantsGeneratedTitle } from "@/lib/queries/titles";
import { addTitleJob, parseTitleJob, type TitleJob } from "@/lib/titles/queue";
import { cleanTitle, TITLE_EXCERPT_CHARS, TITLE_MAX_TOKENS, titlePrompt } from "@/lib/titles/text";
import type { ModelHost, SpareLease } from "./engine/model-host";
import { generate, PromptTooLongError } from "./generate";
import type { ModelCache } from "./model-cache";

/** How often a waiting title looks again for a free moment. */
const TURN_POLL_MS = 250;
const MIN_EXCERPT_CHARS = 80;

type TitleDeps = {
  host: ModelHost;
  models: ModelCache;
  /** Answers waiting in the generation queue go first, even before a worker has taken them. */
  generations: Queue<GenerationJob>;
  /** Aborts when the worker stops: a title never holds up a shutdown. */
  stopping: AbortSignal;
  log: Logger;
};

/** Asks for a title after an answer is done, when it was the conversation's first (see wantsGeneratedTitle). */
export async function requestTitle(queue: Queue<TitleJob>, conversationId: string): Promise<boolean> {
  if (!(await wantsGeneratedTitle(conversationId))) return false;
  await addTitleJob(queue, { conversationId });
  return true;
}

export function createTitleProcessor(deps: TitleDeps) {
  return async function processTitle(job: Job<TitleJob>): Promise<string> {
    const payload = parseTitleJob(job);
    if (!payload) throw new UnrecoverableError(`Job ${job.id} is not a title job.`);
    const { conversationId } = payload;
    const source = await titleSource(conversationId);
    if (source === "named") return "named";
    if (!source?.modelId) return "skipped";
    try {
      const title = await writeTitle(source, deps);
      if (!title) {
        deps.log.warn({ conversationId }, "the title model wrote no usable title; the first words stay");
        return "empty";
      }
      return (await saveGeneratedTitle({ conversationId, title })) ? "titled" : "named";
    } catch (error) {
      if (deps.stopping.aborted) throw error; // handed back: the next worker makes it
      deps.log.warn({ conversationId, error: (error as Error).message }, "no title generated; the first words stay");
      return "failed";
    }
  };
}

/** Generates on a spare sequence; an answer that arrives ends this try and the title waits for the next quiet moment. */
async function writeTitle(source: TitleSource, deps: TitleDeps): Promise<string | null> {
  const model = source.modelId ? await deps.models.get(source.modelId) : null;
  if (!model) throw new Error(`title model ${source.modelId} is not installed`);
  const spec = {
    id: model.id,
    filePath: model.filePath,
    contextLength: model.contextLength,
    load: readLoadSettings(model.loadSettings),
    pinned: model.isDefault,
  };
  let excerptChars = TITLE_EXCERPT_CHARS;
  for (;;) {
    const lease = await nextTurn(deps, () => deps.host.acquireSpare(spec));
    try {
      const result = await generate({
        lease,
        turns: titlePrompt({ ...source, excerptChars }),
        maxTokens: TITLE_MAX_TOKENS,
        sampling: { temperature: 0.2 },
        signal: AbortSignal.any([lease.yielded, deps.stopping]),
        promptInSteps: true,
        onText: () => {},
      });
      if (deps.stopping.aborted) throw new Error("The worker is stopping.");
      if (result.stopReason !== "stopped") return cleanTitle(result.text);
    } catch (error) {
      // A small context: the start of the conversation is enough to name it.
      if (!(error instanceof PromptTooLongError) || excerptChars <= MIN_EXCERPT_CHARS) throw error;
      excerptChars = Math.max(MIN_EXCERPT_CHARS, Math.floor(excerptChars / 4));
    } finally {
      lease.release();
    }
  }
}

/** Waits until no answer waits, in the queue or for a sequence of this worker, then takes a spare sequence. */
async function nextTurn(deps: TitleDeps, take: () => Promise<SpareLease | null>): Promise<SpareLease> {
  for (;;) {
    if (deps.stopping.aborted) throw new Error("The worker is stopping.");
    const waiting = await deps.generations.getJobCounts("wait", "prioritized");
    if ((waiting.wait ?? 0) + (waiting.prioritized ?? 0) === 0) {
      const lease = await take();
      if (lease) return lease;
    }
    await new Promise((resolve) => setTimeout(resolve, TURN_POLL_MS));
  }
}
