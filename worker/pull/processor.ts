// The pull job: check disk → download with node-llama-cpp's resumable downloader → verify SHA-256 and
// header → move into place → register. A partial or unverified file is never registered.
import fs from "node:fs/promises";
import path from "node:path";
import { type Job, UnrecoverableError } from "bullmq";
import type { Redis } from "ioredis";
import { createModelDownloader } from "node-llama-cpp";
import { AppError } from "@/lib/errors";
import { encodeFailure, type Failure } from "@/lib/i18n/failure";
import { modelKeys } from "@/lib/models/keys";
import { resolveDownloadUrl } from "@/lib/models/pull/hub";
import { PULL_ATTEMPTS, type PullJob, pullJobSchema } from "@/lib/models/pull/queue";
import { registerModel } from "@/lib/queries/models";
import { claimPull, getPull, savePullProgress, setPullStatus } from "@/lib/queries/pulls";
import { freeDiskBytes, installedPath, PARTIAL_NAME, partialBytes, partialDir, sha256OfFile } from "./files";

/** A pull that cannot succeed by trying again (no room, wrong bytes, not a model). */
/** A pull that trying again would not help; `failure` tells the admin why, in their language. */
class PullRefused extends Error {
  constructor(readonly failure: Failure) {
    super(failure.key);
  }
}

const PROGRESS_MS = 500;

type Deps = { redis: Redis; modelsDir: string; minFreeDisk: number };

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

export function createPullProcessor({ redis, modelsDir, minFreeDisk }: Deps) {
  return async function processPull(job: Job<PullJob>): Promise<string> {
    const { pullId } = pullJobSchema.parse(job.data);
    if (!(await claimPull(pullId))) return "skipped";
    const pull = await getPull(pullId);
    if (!pull) return "skipped";
    const dir = partialDir(modelsDir, pullId);
    try {
      await fs.mkdir(dir, { recursive: true });
      const total = Number(pull.totalBytes ?? 0);
      await checkDisk(dir, total - (await partialBytes(dir)), minFreeDisk);
      const cancelled = await download({ redis, pullId, dir, repo: pull.repo, file: pull.file });
      if (cancelled) return "cancelled";
      await setPullStatus(pullId, "verifying");
      const downloaded = path.join(dir, PARTIAL_NAME);
      const sha256 = await sha256OfFile(downloaded);
      if (pull.sha256 && sha256 !== pull.sha256) {
        await fs.rm(dir, { recursive: true, force: true });
        throw new PullRefused({ key: "pullChecksumMismatch", values: { got: sha256.slice(0, 12), expected: pull.sha256.slice(0, 12) } });
      }
      const relative = installedPath(pull.repo, pull.file);
      await fs.mkdir(path.dirname(path.join(modelsDir, relative)), { recursive: true });
      await fs.rename(downloaded, path.join(modelsDir, relative));
      await fs.rm(dir, { recursive: true, force: true });
      const model = await registerUnderFreeName(pull.file, relative).catch(async (error) => {
        // Not a model Hearth can serve: leave nothing behind.
        await fs.rm(path.join(modelsDir, relative), { force: true });
        throw error;
      });
      await setPullStatus(pullId, "done", { modelId: model.id });
      return "done";
    } catch (error) {
      const hopeless = error instanceof PullRefused || error instanceof AppError;
      if (!hopeless && job.attemptsMade + 1 < PULL_ATTEMPTS) {
        console.warn(`[worker] pull ${pullId}: ${(error as Error).message}; will resume`);
        throw error;
      }
      const reason = encodeFailure(failureOf(error));
      await setPullStatus(pullId, "failed", { error: reason });
      throw new UnrecoverableError(reason);
    }
  };
}

async function checkDisk(dir: string, stillNeeded: number, minFreeDisk: number): Promise<void> {
  const free = await freeDiskBytes(dir);
  if (free - stillNeeded < minFreeDisk) {
    throw new PullRefused({ key: "pullNoDiskSpace", values: { needed: gib(stillNeeded), free: gib(free), kept: gib(minFreeDisk) } });
  }
}

/** Downloads into `dir`, resuming what is there. True when the admin cancelled. */
async function download(options: { redis: Redis; pullId: string; dir: string; repo: string; file: string }): Promise<boolean> {
  const { redis, pullId, dir } = options;
  // Redirects (e.g. to the Hub's CDN) are followed and checked here, so the downloader gets the final URL.
  const url = await resolveDownloadUrl(options.repo, options.file);
  let cancelled = false;
  let lastTick = 0;
  let ticking = Promise.resolve();
  const downloader = await createModelDownloader({
    modelUri: url.href,
    dirPath: dir,
    fileName: PARTIAL_NAME,
    deleteTempFileOnCancel: false,
    skipExisting: true,
    tokens: { huggingFace: null } as never,
    onProgress: ({ totalSize, downloadedSize, averageSpeed }) => {
      const now = Date.now();
      if (now - lastTick < PROGRESS_MS) return;
      lastTick = now;
      ticking = ticking
        .then(async () => {
          if (await redis.get(modelKeys.pullCancel(pullId))) {
            cancelled = true;
            await downloader.cancel({ deleteTempFile: false });
            return;
          }
          await savePullProgress(pullId, { totalBytes: totalSize, downloadedBytes: downloadedSize, speed: averageSpeed });
        })
        .catch(() => {});
    },
  });
  try {
    await downloader.download();
  } catch (error) {
    if (!cancelled) throw error;
  }
  await ticking;
  if (cancelled || (await redis.get(modelKeys.pullCancel(pullId)))) return true;
  await savePullProgress(pullId, { totalBytes: downloader.totalSize, downloadedBytes: downloader.totalSize, speed: 0 });
  return false;
}

async function registerUnderFreeName(file: string, relative: string) {
  const base = path.basename(file, path.extname(file)).slice(0, 70);
  for (let n = 1; ; n++) {
    try {
      return await registerModel({ name: n === 1 ? base : `${base} (${n})`, filePath: relative });
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict" && n < 20) continue;
      throw error;
    }
  }
}

/** The stored reason: a catalogue key and values (lib/i18n/failure.ts), shown in the admin's language. */
function failureOf(error: unknown): Failure {
  if (error instanceof PullRefused) return error.failure;
  if (error instanceof AppError) return { key: error.key, values: error.values };
  return { key: "pullFailed", values: { detail: (error as Error).message } };
}
