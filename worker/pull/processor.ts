// The pull job: check disk → download (resumable, hashing as it lands) → verify length, SHA-256 and
// header → move into place → register. A partial or unverified file is never registered.

import fs from "node:fs/promises";
import path from "node:path";
import { type Job, UnrecoverableError } from "bullmq";
import type { Redis } from "ioredis";
import { AppError } from "@/lib/errors";
import { encodeFailure, type Failure } from "@/lib/i18n/failure";
import { getLogger } from "@/lib/log";
import { checkFreeDisk } from "@/lib/models/disk";
import { pulledModelName } from "@/lib/models/names";
import { PULL_ATTEMPTS, type PullJob, pullJobSchema } from "@/lib/models/pull/queue";
import { installedPath } from "@/lib/models/pull/source";
import { findModelByFile, registerModel } from "@/lib/queries/models";
import { claimPull, getPull, knownPullIds, setPullStatus } from "@/lib/queries/pulls";
import { downloadParts, type PullPart, partsOfPull } from "./download";
import { partialBytes, partialDir, removeForgottenPartials, sha256OfFile } from "./files";

type Deps = { redis: Redis; modelsDir: string; minFreeDisk: number };

export function createPullProcessor(deps: Deps) {
  return async function processPull(job: Job<PullJob>): Promise<string> {
    const { pullId } = pullJobSchema.parse(job.data);
    for (;;) {
      const outcome = await pullOnce(deps, job, pullId);
      // Resumed while this job was still stopping: Resume could not queue a job of the same id, so go on here.
      if (outcome !== "cancelled" || (await getPull(pullId))?.status !== "queued") return outcome;
    }
  };
}

async function pullOnce({ redis, modelsDir, minFreeDisk }: Deps, job: Job<PullJob>, pullId: string): Promise<string> {
  const dir = partialDir(modelsDir, pullId);
  const pull = (await claimPull(pullId)) ? await getPull(pullId) : null;
  if (!pull) {
    // Cancelled (its files stay for Resume), finished, or discarded (its files go).
    await removeForgottenPartials(modelsDir, knownPullIds);
    return "skipped";
  }
  try {
    await fs.mkdir(dir, { recursive: true });
    const parts = await partsOfPull(pull);
    const total = parts.reduce((sum, p) => sum + p.size, 0);
    await checkFreeDisk({ dir, needed: total - (await partialBytes(dir)), floor: minFreeDisk, key: "pullNoRoom" });
    const digests = await downloadParts({ redis, pullId, dir, repo: pull.repo, parts }).catch((error) => {
      throw diskFull(error) ? new AppError("unavailable", "pullDiskFull", { dir: modelsDir }) : error;
    });
    if (!digests) {
      await removeForgottenPartials(modelsDir, knownPullIds);
      return "cancelled";
    }
    await setPullStatus(pullId, "verifying");
    await verify(dir, parts, digests);
    const model = await install({ modelsDir, dir, repo: pull.repo, parts });
    await setPullStatus(pullId, "done", { modelId: model.id });
    return "done";
  } catch (error) {
    // An AppError is a refusal (no room, wrong bytes, not a model, a forbidden address): trying again cannot help.
    const hopeless = error instanceof AppError;
    if (!hopeless && job.attemptsMade + 1 < PULL_ATTEMPTS) {
      getLogger().warn({ pullId, error: (error as Error).message }, "pull interrupted; will resume");
      throw error;
    }
    // Trying again cannot help, so nothing is kept to resume; after transient failures it is (Try again).
    if (hopeless) await fs.rm(dir, { recursive: true, force: true });
    const reason = encodeFailure(failureOf(error));
    await setPullStatus(pullId, "failed", { error: reason });
    throw new UnrecoverableError(reason);
  }
}

/**
 * Every file must have exactly the Hub's length and SHA-256; otherwise the whole download goes. The length
 * is checked on its own: a hash of the first `size` bytes says nothing about bytes after them.
 */
async function verify(dir: string, parts: PullPart[], digests: string[]): Promise<void> {
  for (const [i, part] of parts.entries()) {
    const filePath = path.join(dir, path.basename(part.file));
    const { size } = await fs.stat(filePath);
    if (size !== part.size) {
      await fs.rm(dir, { recursive: true, force: true });
      throw new AppError("conflict", "pullSizeMismatch", { file: part.file, got: size, want: part.size });
    }
    if (!part.sha256 || digests[i] === part.sha256) continue;
    // Read the finished file once more before refusing it (a disk that lost a write, say).
    const sha256 = await sha256OfFile(filePath);
    if (sha256 === part.sha256) continue;
    await fs.rm(dir, { recursive: true, force: true });
    throw new AppError("conflict", "pullChecksum", { got: `${sha256.slice(0, 12)}…`, want: `${part.sha256.slice(0, 12)}…` });
  }
}

/**
 * Moves the verified files into place and registers the model by its (first) file, named as the catalogue
 * names it. When a model already serves that file (pulled meanwhile), the download is dropped and that model
 * is the result: moving over its file, or registering a second entry on it, would serve one file twice.
 */
async function install(o: { modelsDir: string; dir: string; repo: string; parts: PullPart[] }) {
  const placed = o.parts.map((p) => installedPath(o.repo, p.file));
  const existing = await findModelByFile(placed[0] as string);
  if (existing) {
    await fs.rm(o.dir, { recursive: true, force: true });
    return existing;
  }
  for (const [i, part] of o.parts.entries()) {
    const target = path.join(o.modelsDir, placed[i] as string);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(path.join(o.dir, path.basename(part.file)), target);
  }
  await fs.rm(o.dir, { recursive: true, force: true });
  const first = o.parts[0] as PullPart;
  return registerUnderFreeName(pulledModelName(o.repo, first.file), placed[0] as string).catch(async (error) => {
    // Not a model Hearth can serve: leave nothing behind.
    await Promise.all(placed.map((p) => fs.rm(path.join(o.modelsDir, p), { force: true })));
    throw error;
  });
}

async function registerUnderFreeName(base: string, relative: string) {
  for (let n = 1; ; n++) {
    try {
      return await registerModel({ name: n === 1 ? base : `${base} (${n})`, filePath: relative });
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict" && n < 20) continue;
      throw error;
    }
  }
}

/** The disk filled up while the downloader wrote. */
function diskFull(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === "ENOSPC") return true;
  }
  return false;
}

/** The stored reason: a catalogue key and values (lib/i18n/failure.ts), shown in each admin's language. */
function failureOf(error: unknown): Failure {
  if (error instanceof AppError) return { key: error.key, values: error.values };
  return { key: "pullFailed", values: { detail: (error as Error).message } };
}
