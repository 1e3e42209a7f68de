// A small disk for the "models disk fills up" fault: a tmpfs mounted over a folder (needs root, as the test
// machines run), and a filler file that leaves only so many bytes free on it.
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export type SmallDisk = { fill: (leaveFree: number) => Promise<void>; unmount: () => Promise<void> };

export async function mountSmallDisk(dir: string, bytes: number): Promise<SmallDisk> {
  await fs.mkdir(dir, { recursive: true });
  await run("mount", ["-t", "tmpfs", "-o", `size=${bytes}`, "tmpfs", dir]).catch((error: Error) => {
    throw new Error(`mounting a ${bytes}-byte tmpfs on ${dir} failed (this fault needs root): ${error.message}`);
  });
  const filler = path.join(dir, "filler.bin");
  return {
    fill: async (leaveFree) => {
      const stats = await fs.statfs(dir);
      const size = Math.max(0, stats.bavail * stats.bsize - leaveFree);
      await fs.appendFile(filler, Buffer.alloc(size, 1));
    },
    unmount: async () => {
      await run("umount", [dir]);
    },
  };
}
