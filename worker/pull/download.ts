// Downloads a pull's files (one, or every part of a split model) into its partial folder with node-llama-cpp's
// resumable downloader, hashing each file as it lands.
import path from "node:path";
import type { Redis } from "ioredis";
import { createModelDownloader, type ModelDownloader } from "node-llama-cpp";
import { listGgufFiles, resolveDownloadUrl } from "@/lib/models/pull/huggingface";
import { modelParts } from "@/lib/models/pull/source";
import { modelKeys } from "@/lib/models/redis-keys";
import { savePullProgress } from "@/lib/queries/pulls";
import { createFileHasher, type FileHasher } from "./hasher";

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

/**
 * One downloader for all parts when the Hub serves them by their names (node-llama-cpp then fetches the
 * siblings of the first part itself); one per part when the Hub redirects each elsewhere (a CDN), since
 * every final URL is checked here and the downloader gets it as is.
 */
async function plan(repo: string, parts: PullPart[]): Promise<{ url: URL; fileName: string }[]> {
  // Redirects (e.g. to the Hub's CDN) are followed and checked here, so the downloader gets the final URL.
  const urls = await Promise.all(parts.map((p) => resolveDownloadUrl(repo, p.file)));
  const first = urls[0] as URL;
  const siblings = modelParts(first.pathname).map((pathname) => new URL(pathname, first).href);
  if (parts.length > 1 && siblings.length === parts.length && urls.every((u, i) => u.href === siblings[i])) {
    return [{ url: first, fileName: path.basename(parts[0]?.file ?? "") }];
  }
  if (parts.length > 1 && urls.some((u) => modelParts(u.pathname).length > 1)) {
    throw new Error("the Hub sent the parts of this model to addresses that do not match their names");
  }
  return parts.map((p, i) => ({ url: urls[i] as URL, fileName: path.basename(p.file) }));
}

type Options = { redis: Redis; pullId: string; dir: string; repo: string; parts: PullPart[] };

/** Downloads into `dir`, resuming what is there. Null when the admin cancelled, else each part's SHA-256. */
export async function downloadParts(options: Options): Promise<string[] | null> {
  const { redis, pullId, dir, parts } = options;
  const total = parts.reduce((sum, p) => sum + p.size, 0);
  const hashers = new Map<string, FileHasher>();
  const hasherOf = (filePath: string) => {
    let hasher = hashers.get(filePath);
    if (!hasher) {
      hasher = createFileHasher(() => [`${filePath}.ipull`, filePath]);
      hashers.set(filePath, hasher);
    }
    return hasher;
  };
  let done = 0;
  for (const { url, fileName } of await plan(options.repo, parts)) {
    const progress = trackProgress({ redis, pullId, total, before: done, hasherOf });
    const downloader = await createModelDownloader({
      modelUri: url.href,
      dirPath: dir,
      fileName,
      deleteTempFileOnCancel: false,
      skipExisting: true,
      tokens: { huggingFace: null } as never,
      onProgress: () => progress.tick(downloader),
    });
    if (await progress.run(downloader)) return null;
    done += downloader.totalSize;
  }
  await savePullProgress(pullId, { totalBytes: total, downloadedBytes: total, speed: 0 });
  return Promise.all(parts.map((p) => hasherOf(path.join(dir, path.basename(p.file))).finish(p.size)));
}

function trackProgress(o: { redis: Redis; pullId: string; total: number; before: number; hasherOf: (filePath: string) => FileHasher }) {
  let cancelled = false;
  let lastTick = 0;
  let ticking = Promise.resolve();
  const isCancelled = async () => Boolean(await o.redis.get(modelKeys.pullCancel(o.pullId)));
  return {
    tick(downloader: ModelDownloader) {
      for (const file of downloader.filesInfo) o.hasherOf(file.filePath).advance(file.downloadedSize);
      const now = Date.now();
      if (now - lastTick < PROGRESS_MS) return;
      lastTick = now;
      ticking = ticking
        .then(async () => {
          if (await isCancelled()) {
            cancelled = true;
            await downloader.cancel({ deleteTempFile: false });
            return;
          }
          const downloadedBytes = o.before + downloader.downloadedSize;
          await savePullProgress(o.pullId, { totalBytes: o.total, downloadedBytes, speed: downloader.averageSpeed });
        })
        .catch(() => {});
    },
    /** Runs the download; true when the admin cancelled it. */
    async run(downloader: ModelDownloader): Promise<boolean> {
      try {
        await downloader.download();
      } catch (error) {
        if (!cancelled) throw error;
      }
      await ticking;
      return cancelled || (await isCancelled());
    },
  };
}
