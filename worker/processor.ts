// The generation job processor: claim → run one attempt → settle.
import { type Job, UnrecoverableError } from "bullmq";
import { retryWhileDatabaseUnavailable, warnWaitingForDatabase } from "@/lib/db-retry";
import { finishGeneration } from "@/lib/generations/finish";
import { type GenerationJob, parseGenerationJob } from "@/lib/generations/queue";
import { claimGeneration } from "@/lib/generations/store";
import { removeWaiting } from "@/lib/generations/waiting-count";
import { GenerationWriter } from "@/lib/generations/writer";
import { encodeFailure } from "@/lib/i18n/failure";
import { beginAnswer, settleAnswer, TokenMeter } from "@/lib/limits/answer";
import { childRules } from "@/lib/queries/child-limits";
import { type Attempt, type AttemptDeps, type Outcome, runAttempt } from "./attempt";
import { stripRoleMarkers } from "./role-markers";
import { routeToModel } from "./routing";

class WorkerShutdownError extends Error {}

export type FinishedGeneration = {
  generationId: string;
  status: string;
  outputTokens: number;
  tokensPerSec: number | null;
  firstTokenMs: number | null;
};

/**
 * onFinished hears of every generation that reached its end here (for the logs and metrics); onAnswered of every
 * answer stored as done (a conversation's first gets a generated title).
 */
type ProcessorDeps = AttemptDeps & {
  onFinished?: (generation: FinishedGeneration) => void;
  onAnswered?: (job: GenerationJob) => void;
};

export function createProcessor(deps: ProcessorDeps) {
  return async function processGeneration(job: Job<GenerationJob>, token?: string): Promise<string> {
    const end = deps.chat?.begin();
    try {
      return await processAnswer(job, token, deps);
    } finally {
      end?.();
    }
  };
}

async function processAnswer(job: Job<GenerationJob>, token: string | undefined, deps: ProcessorDeps): Promise<string> {
  const payload = parseGenerationJob(job);
  if (!payload) throw new UnrecoverableError(`Job ${job.id} is not a generation job.`);
  // Only a worker whose models folder has the model runs it; another hands the job back.
  const model = await deps.models.get(payload.modelId);
  if (model) await routeToModel({ job, token, redis: deps.redis, modelsDir: deps.modelsDir, filePath: model.filePath });
  const pickupMs = Date.now() - job.timestamp;
  const claimStart = performance.now();
  // The member's rules are read beside the claim: both are on the path to the first token.
  const rules = childRules(payload.userId);
  rules.catch(() => {});
  const run = await claim(payload, deps);
  if (!run) return "skipped";
  run.timings = { pickupMs, claimMs: performance.now() - claimStart };
  // A child's limits hold for every path that queues an answer, even one that waited past its hour.
  const { reached, child, reserved } = await beginAnswer({
    ...payload,
    attempt: run.attempt,
    reserve: deps.maxOutputTokens,
    now: new Date(),
    rules,
  });
  if (reached) {
    const error = encodeFailure({ key: reached.key, values: reached.values });
    return settle(run, { kind: "final", record: { status: "failed", content: "", error } }, deps);
  }
  return settle(run, await spend({ ...run, child }, deps, reserved), deps);
}

/**
 * Runs the attempt and settles what it spent, whatever happened: stopped, its conversation deleted, the engine
 * failing, the worker handing it back. Only a worker that dies leaves the reservation standing.
 */
async function spend(run: Attempt, deps: AttemptDeps, reserved: Promise<void>): Promise<Outcome> {
  const meter = new TokenMeter();
  try {
    return await runAttempt({ ...run, meter }, deps);
  } finally {
    const { generationId } = run.job;
    await retryWhileDatabaseUnavailable(() => settleAnswer({ generationId, attempt: run.attempt, meter, reserved }), {
      onWait: warnWaitingForDatabase,
    });
  }
}

/** Starts a new attempt; null when the generation is already final (or gone). */
async function claim(job: GenerationJob, deps: AttemptDeps): Promise<Attempt | null> {
  // A database restart must neither burn this job's attempts nor throw away a finished answer: wait for it.
  const claimed = await retryWhileDatabaseUnavailable(() => claimGeneration(job.generationId), { onWait: warnWaitingForDatabase });
  if (!claimed) return null;
  if (claimed.attempt === 1) void removeWaiting(deps.redis, job.userId).catch(() => {});
  // The conversation's and its folder's instructions are the member's own text: markers go, like in their messages.
  const systemPrompt = claimed.systemPrompt === null ? null : stripRoleMarkers(claimed.systemPrompt);
  const folderPrompt = claimed.folderPrompt === null ? null : stripRoleMarkers(claimed.folderPrompt);
  return { job, ...claimed, systemPrompt, folderPrompt, writer: new GenerationWriter(deps.redis, job.generationId, claimed.attempt) };
}

/** Stores and announces a final outcome; hands anything else back to BullMQ by throwing. */
async function settle(run: Attempt, outcome: Outcome, deps: ProcessorDeps): Promise<string> {
  if (outcome.kind === "hand-back") throw new WorkerShutdownError("The worker restarted.");
  if (outcome.kind === "retry") throw outcome.error;
  const { record } = outcome;
  // A superseded attempt (its job was taken over) must neither store nor announce a result.
  const finish = () => finishGeneration({ generationId: run.job.generationId, attempt: run.attempt, record, writer: run.writer });
  if (!(await retryWhileDatabaseUnavailable(finish, { onWait: warnWaitingForDatabase }))) return "superseded";
  deps.onFinished?.({
    generationId: run.job.generationId,
    status: record.status,
    outputTokens: record.outputTokens ?? 0,
    tokensPerSec: record.tokensPerSec ?? null,
    firstTokenMs: record.firstTokenMs ?? null,
  });
  if (record.status === "done") deps.onAnswered?.(run.job);
  if (record.status === "failed") throw new UnrecoverableError(record.error ?? "failed");
  return record.status;
}
