// The catalogue with a fit estimate for this server, from each file's header on the Hub.
import { contextCeiling } from "@/lib/context-size";
import { getEnv } from "../env";
import { AppError } from "../errors";
import type { Translator } from "../i18n/server";
import { findModelByFile } from "../queries/models";
import { getRedis } from "../redis";
import { largestWorker, listWorkerStatuses, type WorkerStatus } from "../workers/status";
import { CATALOGUE, type CatalogueEntry } from "./catalogue";
import { estimateFit, type FitEstimate } from "./fit";
import { findHubFile } from "./pull/huggingface";
import { installedPath } from "./pull/source";
import { readRemoteHeader } from "./remote-header";

export type Recommendation = CatalogueEntry & {
  sizeBytes: number;
  fit: FitEstimate | null;
  fitNote: string | null;
  /** The model already installed from this entry's file, if any. */
  installed: { id: string; name: string } | null;
};

const CACHE_MS = 10 * 60_000;
const globalCache = globalThis as unknown as { hearthFitCache?: Map<string, { at: number; value: Checked }> };

type Checked = Omit<Recommendation, "installed"> & { hubUnreachable?: boolean };

async function recommend(entry: CatalogueEntry, worker: WorkerStatus | null, t: Translator): Promise<Checked> {
  try {
    const hubFile = await findHubFile(entry.repo, entry.file);
    if (!worker) return { ...entry, sizeBytes: hubFile.sizeBytes, fit: null, fitNote: t("models.fitNoWorker") };
    const remote = await readRemoteHeader(entry.repo, entry.file, hubFile.sizeBytes);
    try {
      const fit = await estimateFit(remote.headerPath, { contextSize: contextCeiling(getEnv().HEARTH_CONTEXT_SIZE, 0), worker });
      return { ...entry, sizeBytes: hubFile.sizeBytes, fit, fitNote: null };
    } finally {
      await remote.cleanup();
    }
  } catch (error) {
    const reason = error instanceof AppError ? t(`errors.${error.key}`, error.values) : (error as Error).message;
    const hubUnreachable = error instanceof AppError && error.key === "hubUnreachable";
    return { ...entry, sizeBytes: entry.approxBytes, fit: null, fitNote: t("models.fitUnchecked", { reason }), hubUnreachable };
  }
}

export type Recommendations = {
  worker: WorkerStatus | null;
  models: Recommendation[];
  /** No entry could reach the Hub: this server has no internet (said once, not under every entry). */
  hubUnreachable: boolean;
};

/** `t`: the asker's language, for the notes on entries that could not be checked. */
export async function listRecommendations(t: Translator): Promise<Recommendations> {
  const worker = largestWorker(await listWorkerStatuses(getRedis()));
  globalCache.hearthFitCache ??= new Map();
  const cache = globalCache.hearthFitCache;
  const memoryKey = worker ? `${worker.gpu}:${worker.vram?.total ?? 0}:${worker.ram.total}` : "none";
  const checked: Checked[] = [];
  // Three at a time: polite to the Hub, quick enough for a page.
  for (let i = 0; i < CATALOGUE.length; i += 3) {
    const batch = CATALOGUE.slice(i, i + 3).map(async (entry) => {
      const key = `${entry.repo}/${entry.file}:${memoryKey}`;
      const hit = cache.get(key);
      if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
      const value = await recommend(entry, worker, t);
      if (value.fit) cache.set(key, { at: Date.now(), value });
      return value;
    });
    checked.push(...(await Promise.all(batch)));
  }
  const hubUnreachable = checked.length > 0 && checked.every((m) => m.hubUnreachable);
  const models = await Promise.all(
    checked.map(async ({ hubUnreachable: _, ...m }) => ({
      ...m,
      fitNote: hubUnreachable ? null : m.fitNote,
      installed: await findModelByFile(installedPath(m.repo, m.file)),
    })),
  );
  return { worker, models, hubUnreachable };
}
