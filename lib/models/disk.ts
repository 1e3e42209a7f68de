// Free space on the models disk, and the floor Hearth keeps free there (HEARTH_MIN_FREE_DISK_BYTES) for
// pulls and uploads alike.
import fs from "node:fs";
import { AppError } from "../errors";
import type { ErrorKey } from "../i18n/config";

/** Free bytes on the disk holding `dir`. */
export async function freeDiskBytes(dir: string): Promise<number> {
  const stats = await fs.promises.statfs(dir);
  return stats.bavail * stats.bsize;
}

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** Refuses (with `key`) when writing `needed` more bytes under `dir` would leave less than `floor` free. */
export async function checkFreeDisk(o: { dir: string; needed: number; floor: number; key: ErrorKey }): Promise<void> {
  const free = await freeDiskBytes(o.dir);
  if (free - o.needed < o.floor) {
    throw new AppError("unavailable", o.key, { needed: gib(o.needed), free: gib(free), floor: gib(o.floor) });
  }
}
