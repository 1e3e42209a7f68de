// One attempt at a generation: load the model, generate while streaming and saving the partial text, and
// turn whatever happened into an outcome. Every failure is classified here, in one place.

import type { Redis } from "ioredis";
import { generationSampling } from "@/lib/conversation-settings";
import { retryWhileDatabaseUnavailable, warnWaitingForDatabase } from "@/lib/db-retry";
import { AppError } from "@/lib/errors";
import type { FinalRecord } from "@/lib/generations/finish";
import { holdInLine, recordGenerationSeconds, releaseFromLine } from "@/lib/generations/positions";
import { promptBudget } from "@/lib/generations/prompt-budget";
import { GENERATION_ATTEMPTS, type GenerationJob } from "@/lib/generations/queue";
import { savePartial, type Turn } from "@/lib/generations/store";
import { withCalls } from "@/lib/generations/tool-calls";
import type { GenerationWriter } from "@/lib/generations/writer";
import type { ErrorKey } from "@/lib/i18n/config";
import { encodeFailure, type Failure } from "@/lib/i18n/failure";
import type { TokenMeter } from "@/lib/limits/answer";
import { answerInstructions, type InstructionSources } from "@/lib/limits/rules";
import { getLogger } from "@/lib/log";
import { readLoadSettings } from "@/lib/models/settings";
import type { ChatActivity } from "./chat-first";
import { SHUTDOWN, type StopRegistry } from "./control";
import { documentContext } from "./documents/context";
import type { Lease, ModelHost } from "./engine/model-host";
import { type GenerationResult, generate, JsonSchemaError, PromptTooLongError } from "./generate";
import type { ModelCache } from "./model-cache";

/** Bounded loss: partial text reaches PostgreSQL at least this often while generating. */
const PARTIAL_SAVE_MS = 1000;

export type AttemptDeps = {
  host: ModelHost;
  models: ModelCache;
  stops: StopRegistry;
  redis: Redis;
  maxOutputTokens: number;
  /** This worker's models folder: generations of models not in it go to another worker. */
  modelsDir: string;
  /** Someone's place in line changed (a taken generation waits for a sequence, or got one). */
  lineMoved?: () => void;
  /** Told of each answer from its pickup to its end: background work steps aside meanwhile. */
  chat?: ChatActivity;
};

export type Attempt = {
  job: GenerationJob;
  attempt: number;
  turns: Turn[];
  /** The conversation's own instructions and sampling (see lib/conversation-settings.ts). */
  systemPrompt: string | null;
  /** The instructions of the folder the conversation sits in, if any. */
  folderPrompt?: string | null;
  sampling: unknown;
  writer: GenerationWriter;
  timings?: { pickupMs: number; claimMs: number };
  /** A child's account: whose instructions the answer follows (lib/limits/rules.ts answerInstructions). */
  child?: InstructionSources["child"];
  /** Counts what the attempt spends, for the member's usage and budget. */
  meter?: TokenMeter;
};

export type Outcome =
  /** Ends the generation: done, stopped, or failed for a reason another attempt would not change. */
  | { kind: "final"; record: FinalRecord }
  /** The engine failed in a way another attempt may not: BullMQ tries again. */
  | { kind: "retry"; error: Error }
  /** The worker is going away: the job goes back to the queue (never "stopped", which only the member can do). */
  | { kind: "hand-back" };

class ModelLoadError extends Error {
  /** `refusal`: Hearth's own reason, a catalogue key (a file outside the models folder), safe to show as it is. */
  constructor(
    readonly model: string,
    readonly detail: string,
    readonly refusal: ErrorKey | null = null,
  ) {
    super(`model "${model}" could not be loaded: ${detail}`);
  }
}

// Reasons are catalogue keys with values (lib/i18n/failure.ts): the browser shows them in the reader's language.
const failed = (failure: Failure, content = ""): Outcome => ({
  kind: "final",
  record: { status: "failed", content, error: encodeFailure(failure) },
});

export async function runAttempt(run: Attempt, deps: AttemptDeps): Promise<Outcome> {
  if (run.attempt > GENERATION_ATTEMPTS) return failed({ key: "workerStoppedRepeatedly" });
  if (run.attempt > 1)
    run.writer.emit({ type: "retrying", attempt: run.attempt, reason: "The worker restarted; generating the answer again." });
  const model = await retryWhileDatabaseUnavailable(() => deps.models.get(run.job.modelId), { onWait: warnWaitingForDatabase });
  if (!model) return failed({ key: "modelNoLongerInstalled" });

  const controller = await deps.stops.track(run.job.generationId);
  const partial = new PartialText(run);
  let waits = false;
  try {
    if (!deps.host.isLoaded(model.id)) run.writer.emit({ type: "loading", model: model.name });
    // Until it gets a sequence this generation is first in line, not gone from it (see holdInLine). Always written:
    // a free sequence seen now can still be taken first (another model's load, a title giving its spare back).
    // Not awaited: the release below goes out after it on the same connection, so Redis keeps their order.
    waits = true;
    void holdInLine(deps.redis, run.job.generationId).catch(() => {});
    deps.lineMoved?.();
    const lease = await deps.host
      .acquire({
        id: model.id,
        filePath: model.filePath,
        contextLength: model.contextLength,
        load: readLoadSettings(model.loadSettings),
        pinned: model.isDefault,
      })
      .catch((error: Error) => {
        // The engine's text can name server paths and internals: the admin reads it in the log, the member
        // gets the catalogue's sentence.
        getLogger("worker").error({ generationId: run.job.generationId, model: model.name, detail: error.message }, "model failed to load");
        throw new ModelLoadError(model.name, error.message, error instanceof AppError ? error.key : null);
      });
    if (waits) letGoOfLine(run, deps);
    try {
      const startedAt = performance.now();
      const { maxTokens, ...sampling } = generationSampling({
        conversation: run.sampling,
        model: model.sampling,
        serverMaxTokens: deps.maxOutputTokens,
      });
      const systemPrompt = answerInstructions({
        folder: run.folderPrompt ?? null,
        conversation: run.systemPrompt,
        model: model.systemPrompt,
        child: run.child ?? null,
      });
      const files = await filesFor({ run, lease, maxTokens, systemPrompt });
      const system: Turn[] = [systemPrompt, files?.system].flatMap((content) => (content ? [{ role: "system" as const, content }] : []));
      await deps.chat?.backgroundSettled();
      const result = await generate({
        lease,
        turns: [...system, ...run.turns],
        maxTokens,
        sampling,
        signal: controller.signal,
        onStart: (info) => {
          run.meter?.started(info.promptTokens);
          run.writer.emit({ type: "started", attempt: run.attempt, ...info, timings: run.timings });
        },
        onTokens: (count) => run.meter?.add(count),
        onText: (chunk) => partial.add(chunk),
      });
      await partial.saved();
      if (result.stopReason === "stopped" && controller.signal.reason === SHUTDOWN) return { kind: "hand-back" };
      await recordGenerationSeconds(deps.redis, (performance.now() - startedAt) / 1000).catch(() => {});
      return { kind: "final", record: { ...finishedRecord(result, lease.contextSize), sources: files?.sources } };
    } finally {
      lease.release();
    }
  } catch (error) {
    return classifyFailure(error as Error, { signal: controller.signal, attempt: run.attempt, text: partial.text });
  } finally {
    deps.stops.untrack(run.job.generationId);
    if (waits) letGoOfLine(run, deps);
  }
}

/** The conversation's files for this question, within the room the prompt leaves (worker/documents/context.ts). */
async function filesFor(o: { run: Attempt; lease: Lease; maxTokens: number; systemPrompt: string | null }) {
  const question = o.run.turns.at(-1)?.content ?? "";
  const count = (text: string) => o.lease.model.tokenize(text).length + 8;
  const roomTokens = promptBudget(o.lease.contextSize, o.maxTokens) - count(question) - (o.systemPrompt ? count(o.systemPrompt) : 0);
  return documentContext({ conversationId: o.run.job.conversationId, question, roomTokens, count });
}

/** Not awaited (see holdInLine above); releasing twice is harmless. */
function letGoOfLine(run: Attempt, deps: AttemptDeps): void {
  void releaseFromLine(deps.redis, run.job.generationId).catch(() => {});
  deps.lineMoved?.();
}

function finishedRecord(result: GenerationResult, contextSize: number): FinalRecord {
  return {
    status: result.stopReason === "stopped" ? "stopped" : "done",
    finishReason: result.stopReason === "length" ? "length" : result.stopReason === "toolCalls" ? "tool_calls" : "stop",
    // The chat page reads the calls as text; the /v1 caller gets them as tool_calls (lib/openai/follow.ts).
    content: withCalls(result.text, result.toolCalls),
    ...(result.toolCalls ? { toolCalls: result.toolCalls } : {}),
    promptTokens: result.promptTokens,
    contextSize,
    outputTokens: result.outputTokens,
    tokensPerSec: result.tokensPerSec,
    firstTokenMs: result.firstTokenMs,
  };
}

export function classifyFailure(error: Error, context: { signal: AbortSignal; attempt: number; text: string }): Outcome {
  if (context.signal.reason === SHUTDOWN) return { kind: "hand-back" };
  // Stopped before the first token (e.g. while the model loaded): stored as stopped, not failed.
  if (context.signal.aborted) return { kind: "final", record: { status: "stopped", content: context.text, outputTokens: 0 } };
  // A prompt that does not fit or a model file that does not load fails the same way every time.
  if (error instanceof PromptTooLongError) return failed({ key: "promptTooLong", values: error.values }, context.text);
  if (error instanceof JsonSchemaError) return failed({ key: "jsonSchemaUnsupported", values: { detail: error.message } }, context.text);
  if (error instanceof ModelLoadError)
    return failed(error.refusal ? { key: error.refusal } : { key: "modelLoadFailed", values: { model: error.model } }, context.text);
  if (context.attempt < GENERATION_ATTEMPTS) return { kind: "retry", error };
  // The engine's own words stay as they are (they name a technical cause); the sentence around them is translated.
  return failed({ key: "modelFailed", values: { detail: error.message } }, context.text);
}

/** The text generated so far: streamed as it comes, saved to PostgreSQL at most PARTIAL_SAVE_MS apart. */
class PartialText {
  text = "";
  private lastSave = performance.now();
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly run: Attempt) {}

  add(chunk: string): void {
    this.text += chunk;
    this.run.writer.emitText(chunk);
    const now = performance.now();
    if (now - this.lastSave < PARTIAL_SAVE_MS) return;
    this.lastSave = now;
    const snapshot = this.text;
    const { generationId } = this.run.job;
    this.saving = this.saving.then(() => savePartial(generationId, this.run.attempt, snapshot)).catch(() => {});
  }

  saved(): Promise<void> {
    return this.saving;
  }
}
