// Data access for model pulls (downloads from the Hub).

import { getDb } from "../db";
import type { PullStatus } from "../generated/prisma/client";

export type PullSummary = {
  id: string;
  repo: string;
  file: string;
  status: PullStatus;
  totalBytes: number | null;
  downloadedBytes: number;
  speed: number | null;
  error: string | null;
  modelId: string | null;
  createdAt: string;
};

type PullRow = Awaited<ReturnType<ReturnType<typeof getDb>["modelPull"]["findFirstOrThrow"]>>;

function toSummary(p: PullRow): PullSummary {
  return {
    id: p.id,
    repo: p.repo,
    file: p.file,
    status: p.status,
    totalBytes: p.totalBytes === null ? null : Number(p.totalBytes),
    downloadedBytes: Number(p.downloadedBytes),
    speed: p.speed,
    error: p.error,
    modelId: p.modelId,
    createdAt: p.createdAt.toISOString(),
  };
}

export async function createPull(input: { repo: string; file: string; totalBytes: number; sha256: string | null }): Promise<PullSummary> {
  const row = await getDb().modelPull.create({
    data: { repo: input.repo, file: input.file, totalBytes: BigInt(input.totalBytes), sha256: input.sha256 },
  });
  return toSummary(row);
}

/** A pull of this file that is queued, running or stopped part-way (Resume continues it). */
export async function findActivePull(repo: string, file: string): Promise<{ id: string } | null> {
  return getDb().modelPull.findFirst({
    where: { repo, file, status: { in: ["queued", "downloading", "verifying", "cancelled"] } },
    select: { id: true },
  });
}

export async function getPull(id: string) {
  return getDb().modelPull.findUnique({ where: { id } });
}

/** Recent pulls, newest first; finished ones drop off after a day. */
export async function listPulls(): Promise<PullSummary[]> {
  const since = new Date(Date.now() - 24 * 3600_000);
  const rows = await getDb().modelPull.findMany({
    where: { OR: [{ status: { in: ["queued", "downloading", "verifying", "cancelled", "failed"] } }, { updatedAt: { gte: since } }] },
    orderBy: { createdAt: "desc" },
    take: 20,
  });
  return rows.map(toSummary);
}

export async function setPullStatus(
  id: string,
  status: PullStatus,
  extra: { error?: string | null; modelId?: string } = {},
): Promise<void> {
  await getDb().modelPull.update({ where: { id }, data: { status, error: extra.error ?? null, modelId: extra.modelId } });
}

/** Progress from the worker; ignored once the admin cancelled, so a late tick cannot undo the cancel. */
export async function savePullProgress(
  id: string,
  progress: { totalBytes: number; downloadedBytes: number; speed: number },
): Promise<void> {
  await getDb().modelPull.updateMany({
    where: { id, status: "downloading" },
    data: { totalBytes: BigInt(progress.totalBytes), downloadedBytes: BigInt(progress.downloadedBytes), speed: progress.speed },
  });
}

/** Claims a queued (or interrupted) pull for downloading; false when it was cancelled or is finished. */
export async function claimPull(id: string): Promise<boolean> {
  const { count } = await getDb().modelPull.updateMany({
    where: { id, status: { in: ["queued", "downloading", "verifying"] } },
    data: { status: "downloading", error: null },
  });
  return count === 1;
}

/** Forgets a pull; its worker then removes what it downloaded. */
export async function deletePull(id: string): Promise<void> {
  await getDb().modelPull.deleteMany({ where: { id } });
}

/** Which of these pull ids are still known (a worker keeps only their partial files). */
export async function knownPullIds(ids: string[]): Promise<Set<string>> {
  const rows = await getDb().modelPull.findMany({ where: { id: { in: ids }, status: { not: "done" } }, select: { id: true } });
  return new Set(rows.map((r) => r.id));
}
