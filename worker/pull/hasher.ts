// SHA-256 of a file while the downloader writes it, so verifying costs almost nothing once the last byte
// lands. The hash reads the file back from disk (the page cache, in practice) rather than the network
// stream, which node-llama-cpp's downloader keeps to itself.
import { createHash, type Hash } from "node:crypto";
import fs from "node:fs/promises";

// ipull (node-llama-cpp's downloader) fetches 5 MiB chunks, three at a time, taking them in order and
// writing each one whole once it has arrived. So all but the last few chunks below the downloaded count
// are on disk; the margin keeps a slow chunk from being read before it is written. Should a guess ever be
// wrong anyway, the hash just fails to match and verify() re-reads the whole file before refusing it.
const CHUNK = 5 * 1024 * 1024;
const MARGIN_CHUNKS = 4;
const READ_SIZE = 1024 * 1024;

export type FileHasher = {
  /** Hashes further into the file as the download advances (`downloaded` counts bytes received). */
  advance: (downloaded: number) => void;
  /** The file's SHA-256 once it is complete at `filePath` with `size` bytes. */
  finish: (size: number) => Promise<string>;
};

/**
 * `paths()` names where the bytes are now, first choice first: ipull writes into `<name>.ipull` and renames
 * it when done. A resumed download starts from zero and so hashes the earlier attempts' bytes once.
 */
export function createFileHasher(paths: () => string[]): FileHasher {
  const state: HashState = { hash: createHash("sha256"), hashed: 0 };
  let work = Promise.resolve();
  const hashUpTo = (end: number) => {
    // A failed read (the file not there yet) leaves `hashed` where it got to; the next call carries on.
    work = work.catch(() => {}).then(() => hashRange(state, paths(), end));
    return work;
  };
  return {
    advance: (downloaded) => {
      const safe = (Math.floor(downloaded / CHUNK) - MARGIN_CHUNKS) * CHUNK;
      // Swallowed here: finish() reads again from where this stopped and reports a real error.
      if (safe >= state.hashed + CHUNK) void hashUpTo(safe).catch(() => {});
    },
    finish: async (size) => {
      await hashUpTo(size);
      if (state.hashed !== size) throw new Error(`the downloaded file has ${state.hashed} bytes, not ${size}`);
      return state.hash.digest("hex");
    },
  };
}

async function openFirst(paths: string[]): Promise<fs.FileHandle> {
  let lastError: unknown = new Error("no file to hash");
  for (const candidate of paths) {
    try {
      return await fs.open(candidate, "r");
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

type HashState = { hash: Hash; hashed: number };

/** Feeds the file's bytes from `state.hashed` up to `end` (or the file's end) to the hash. */
async function hashRange(state: HashState, paths: string[], end: number): Promise<void> {
  if (end <= state.hashed) return;
  const file = await openFirst(paths);
  try {
    const buffer = Buffer.allocUnsafe(READ_SIZE);
    while (state.hashed < end) {
      const { bytesRead } = await file.read(buffer, 0, Math.min(READ_SIZE, end - state.hashed), state.hashed);
      if (bytesRead === 0) break;
      state.hash.update(buffer.subarray(0, bytesRead));
      state.hashed += bytesRead;
    }
  } finally {
    await file.close();
  }
}
