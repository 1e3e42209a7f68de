// Starts, cancels and resumes pulls; the download itself runs on a worker.
import { AppError } from "../../errors";
import { findModelByFile } from "../../queries/models";
import { createPull, deletePull, findActivePull, getPull, setPullStatus } from "../../queries/pulls";
import { getRedis } from "../../redis";
import { modelKeys } from "../redis-keys";
import { findHubFile, listGgufFiles } from "./huggingface";
import { addPullJob } from "./queue";
import { installedPath, modelParts } from "./source";

async function enqueue(pullId: string): Promise<void> {
  await getRedis().del(modelKeys.pullCancel(pullId));
  await addPullJob({ pullId });
}

async function signalCancel(id: string): Promise<void> {
  // The worker polls this flag while downloading; a queued job sees the status when it starts.
  await getRedis().set(modelKeys.pullCancel(id), "1", "EX", 3600);
}

/** The Hub's size and SHA-256 for a model's file, or all of a split model's parts added up (by its first part). */
async function describeModelOnHub(repo: string, file: string) {
  const parts = modelParts(file);
  if (parts.length === 1) return { file, ...(await findHubFile(repo, file)) };
  const listed = await listGgufFiles(repo);
  const found = parts.map((part) => listed.find((f) => f.path === part));
  const missing = parts.find((_, i) => !found[i]);
  if (missing) throw new AppError("not_found", "hubNoFile", { repo, file: missing });
  const sizeBytes = found.reduce((sum, f) => sum + (f?.sizeBytes ?? 0), 0);
  return { file: parts[0] as string, sizeBytes, sha256: found[0]?.sha256 ?? null };
}

/**
 * Checks the file (every part of a split model) exists on the Hub, records the pull and queues it. A model
 * already installed, or already on its way, is not fetched again: a second copy would be a second entry
 * over the same file.
 */
export async function startPull(input: { repo: string; file: string }) {
  const first = modelParts(input.file)[0] as string;
  const installed = await findModelByFile(installedPath(input.repo, first));
  if (installed) throw new AppError("conflict", "pullAlreadyInstalled", { name: installed.name });
  if (await findActivePull(input.repo, first)) throw new AppError("conflict", "pullAlreadyRunning", { file: first });
  const model = await describeModelOnHub(input.repo, input.file);
  const pull = await createPull({ repo: input.repo, file: model.file, totalBytes: model.sizeBytes, sha256: model.sha256 });
  await enqueue(pull.id);
  return pull;
}

export async function cancelPull(id: string): Promise<void> {
  const pull = await getPull(id);
  if (!pull) throw new AppError("not_found", "pullNotFound");
  if (pull.status !== "queued" && pull.status !== "downloading") throw new AppError("conflict", "pullNotRunning");
  await setPullStatus(id, "cancelled");
  await signalCancel(id);
}

/**
 * Stops a pull if it runs and forgets it: the worker deletes its partial files (after stopping, or from a
 * cleanup job when it was already stopped). Cancel, by contrast, keeps them for Resume.
 */
export async function discardPull(id: string): Promise<void> {
  const pull = await getPull(id);
  if (!pull) throw new AppError("not_found", "pullNotFound");
  if (pull.status === "verifying" || pull.status === "done") throw new AppError("conflict", "pullFinishing");
  await signalCancel(id);
  await deletePull(id);
  await addPullJob({ pullId: id }, { cleanup: true });
}

export async function resumePull(id: string): Promise<void> {
  const pull = await getPull(id);
  if (!pull) throw new AppError("not_found", "pullNotFound");
  if (pull.status !== "cancelled" && pull.status !== "failed") throw new AppError("conflict", "pullNotStopped");
  await setPullStatus(id, "queued");
  await enqueue(id);
}
