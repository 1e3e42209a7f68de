// Downloads a pull's files (one, or every part of a split model) into its partial folder, resuming what an
// earlier attempt left there and hashing the bytes as they are written.
//
// Hearth's own downloader rather than node-llama-cpp's: that one (ipull, over fetch) resolves the host again
// and follows redirects itself, and takes no `lookup` or agent, so a Hub redirect or a DNS answer that
// changed after the check could send it into this network. Every request here goes through hubFetch
// (each redirect re-checked, the connection itself refusing non-public addresses), and no more bytes are
// written than the Hub's size for the file.
import { createHash, type Hash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Redis } from "ioredis";
import { AppError } from "@/lib/errors";
import { discardBody, hubFetch } from "@/lib/models/pull/guard";
import { fileUrl, hubUrl, listGgufFiles } from "@/lib/models/pull/huggingface";
import { modelParts } from "@/lib/models/pull/source";
import { modelKeys } from "@/lib/models/redis-keys";
import { savePullProgress } from "@/lib/queries/pulls";

export type PullPart = { file: string; sha256: string | null; size: number };

const PROGRESS_MS = 500;

/** The files a pull fetches: its own, or every part of a split model with the Hub's size and SHA-256. */
export async function partsOfPull(pull: { repo: string; file: string; sha256: string | null; totalBytes: bigint | null }) {
  const names = modelParts(pull.file);
  if (names.length === 1) return [{ file: pull.file, sha256: pull.sha256, size: Number(pull.totalBytes ?? 0) }];
  const listed = await listGgufFiles(pull.repo);
  return names.map((name): PullPart => {
    const found = listed.find((f) => f.path === name);
    if (!found) throw new Error(`${name} is no longer on the Hub`);
    return { file: name, sha256: found.sha256, size: found.sizeBytes };
  });
}

type Options = { redis: Redis; pullId: string; dir: string; repo: string; parts: PullPart[] };

/** Downloads into `dir`, resuming what is there. Null when the admin cancelled, else each part's SHA-256. */
export async function downloadParts(options: Options): Promise<string[] | null> {
  const { redis, pullId, dir, parts } = options;
  const total = parts.reduce((sum, p) => sum + p.size, 0);
  const abort = new AbortController();
  const progress = watchProgress({ redis, pullId, total, abort });
  const digests: string[] = [];
  try {
    let before = 0;
    for (const part of parts) {
      const filePath = path.join(dir, path.basename(part.file));
      const digest = await downloadPart({
        repo: options.repo,
        part,
        filePath,
        signal: abort.signal,
        onBytes: (n) => progress.set(before + n),
      });
      if (digest === null) return null;
      digests.push(digest);
      before += part.size;
    }
  } catch (error) {
    if (await progress.cancelled()) return null;
    throw error;
  } finally {
    await progress.stop();
  }
  if (await progress.cancelled()) return null;
  await savePullProgress(pullId, { totalBytes: total, downloadedBytes: total, speed: 0 });
  return digests;
}

/** Feeds what an earlier attempt wrote to the hash; returns its length. */
async function hashExisting(filePath: string, hash: Hash): Promise<number> {
  const file = await fs.open(filePath, "r").catch(() => null);
  if (!file) return 0;
  let length = 0;
  try {
    for await (const chunk of file.createReadStream({ highWaterMark: 1024 * 1024, autoClose: false })) {
      hash.update(chunk as Buffer);
      length += (chunk as Buffer).length;
    }
  } finally {
    await file.close();
  }
  return length;
}

type PartOptions = { repo: string; part: PullPart; filePath: string; signal: AbortSignal; onBytes: (written: number) => void };

/**
 * Appends the missing bytes of one file (a Range request from what is on disk), never past the Hub's
 * size. Null when aborted; the file's SHA-256 once it holds exactly `size` bytes.
 */
async function downloadPart({ repo, part, filePath, signal, onBytes }: PartOptions): Promise<string | null> {
  let hash = createHash("sha256");
  let written = await hashExisting(filePath, hash);
  if (written > part.size) {
    // Longer than the Hub's size: not a file to resume.
    await fs.rm(filePath, { force: true });
    hash = createHash("sha256");
    written = 0;
  }
  onBytes(written);
  if (written < part.size) {
    const { response } = await hubFetch(fileUrl(repo, part.file), hubUrl(), { headers: { range: `bytes=${written}-` }, signal });
    const resumed = response.status === 206 && response.headers.get("content-range")?.startsWith(`bytes ${written}-`);
    if (!resumed && response.status !== 200) {
      discardBody(response);
      throw new AppError("unavailable", "hubAnswered", { status: response.status, target: part.file });
    }
    if (!resumed && written > 0) {
      // The Hub sent the whole file: start over.
      hash = createHash("sha256");
      written = 0;
    }
    const file = await fs.open(filePath, written === 0 ? "w" : "a");
    try {
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (written + value.length > part.size) {
          void reader.cancel().catch(() => {});
          throw new AppError("conflict", "pullTooLong", { size: part.size, file: part.file });
        }
        await file.write(value);
        hash.update(value);
        written += value.length;
        onBytes(written);
      }
    } catch (error) {
      if (signal.aborted) return null;
      throw error;
    } finally {
      await file.close();
    }
  }
  // The connection ended early: a plain error, so the job is tried again and resumes from here.
  if (written < part.size) throw new Error(`the Hub sent ${written} of ${part.size} bytes of ${part.file}`);
  return hash.digest("hex");
}

/** Saves progress every PROGRESS_MS and aborts the download when the admin cancels it. */
function watchProgress(o: { redis: Redis; pullId: string; total: number; abort: AbortController }) {
  const startedAt = Date.now();
  let first: number | null = null;
  let current = 0;
  let cancelled = false;
  const isCancelled = async () => cancelled || Boolean(await o.redis.get(modelKeys.pullCancel(o.pullId)));
  let ticking = Promise.resolve();
  const tick = () => {
    ticking = ticking
      .then(async () => {
        if (await isCancelled()) {
          cancelled = true;
          o.abort.abort();
          return;
        }
        const seconds = (Date.now() - startedAt) / 1000;
        const speed = seconds > 0 ? Math.round((current - (first ?? current)) / seconds) : 0;
        await savePullProgress(o.pullId, { totalBytes: o.total, downloadedBytes: current, speed });
      })
      .catch(() => {});
  };
  const timer = setInterval(tick, PROGRESS_MS);
  return {
    set(bytes: number) {
      first ??= bytes;
      current = bytes;
    },
    cancelled: isCancelled,
    async stop() {
      clearInterval(timer);
      await ticking;
    },
  };
}
