// Where pulls keep their bytes: a partial download under .pulls/<id>/ (never registered, never served),
// moved to hub/<owner>/<repo>/<file> only once verified.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export function partialDir(modelsDir: string, pullId: string): string {
  if (!/^[a-z0-9]+$/i.test(pullId)) throw new Error("bad pull id");
  return path.join(modelsDir, ".pulls", pullId);
}

export async function sha256OfFile(filePath: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Bytes already on disk for a partial download. */
export async function partialBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await fs.promises.readdir(dir).catch(() => [])) {
    total += await fs.promises
      .stat(path.join(dir, name))
      .then((s) => s.size)
      .catch(() => 0);
  }
  return total;
}

/** Deletes the partial folders of pulls no longer known (discarded, or finished elsewhere). */
export async function removeForgottenPartials(modelsDir: string, known: (ids: string[]) => Promise<Set<string>>): Promise<void> {
  const root = path.join(modelsDir, ".pulls");
  const ids = (await fs.promises.readdir(root).catch(() => [] as string[])).filter((id) => /^[a-z0-9]+$/i.test(id));
  if (ids.length === 0) return;
  const keep = await known(ids);
  for (const id of ids) if (!keep.has(id)) await fs.promises.rm(path.join(root, id), { recursive: true, force: true });
}
