// The catalogue with a fit estimate for this server, from each file's header on the Hub.
import { contextCeiling } from "@/lib/context-size";
import { getEnv } from "../env";
import { AppError, type ErrorValues } from "../errors";
import { getRedis } from "../redis";
import { CATALOGUE, type CatalogueEntry } from "./catalogue";
import { estimateFit, type FitEstimate } from "./fit";
import { findHubFile } from "./pull/hub";
import { readRemoteHeader } from "./remote-header";
import { largestWorker, listWorkerReports, type WorkerReport } from "./workers";

/** Why a fit could not be estimated: a key in the catalogue's `admin.fitNote` section, with its values. */
export type FitNote = { key: "noWorker" | "hubError" | "unchecked"; values?: ErrorValues };
export type Recommendation = CatalogueEntry & { sizeBytes: number; fit: FitEstimate | null; fitNote: FitNote | null };

const CACHE_MS = 10 * 60_000;
const globalCache = globalThis as unknown as { hearthFitCache?: Map<string, { at: number; value: Recommendation }> };

async function recommend(entry: CatalogueEntry, worker: WorkerReport | null): Promise<Recommendation> {
  try {
    const hubFile = await findHubFile(entry.repo, entry.file);
    if (!worker) return { ...entry, sizeBytes: hubFile.sizeBytes, fit: null, fitNote: { key: "noWorker" } };
    const remote = await readRemoteHeader(entry.repo, entry.file, hubFile.sizeBytes);
    try {
      const fit = await estimateFit(remote.headerPath, { contextSize: contextCeiling(getEnv().HEARTH_CONTEXT_SIZE, 0), worker });
      return { ...entry, sizeBytes: hubFile.sizeBytes, fit, fitNote: null };
    } finally {
      await remote.cleanup();
    }
  } catch (error) {
    // An AppError's key names the reason in the errors section; anything else is shown as "could not check".
    const fitNote: FitNote =
      error instanceof AppError ? { key: "hubError", values: { reason: error.key, ...error.values } } : { key: "unchecked" };
    return { ...entry, sizeBytes: entry.approxBytes, fit: null, fitNote };
  }
}

export async function listRecommendations(): Promise<{ worker: WorkerReport | null; models: Recommendation[] }> {
  const worker = largestWorker(await listWorkerReports(getRedis()));
  globalCache.hearthFitCache ??= new Map();
  const cache = globalCache.hearthFitCache;
  const memoryKey = worker ? `${worker.gpu}:${worker.vram?.total ?? 0}:${worker.ram.total}` : "none";
  const models: Recommendation[] = [];
  // Three at a time: polite to the Hub, quick enough for a page.
  for (let i = 0; i < CATALOGUE.length; i += 3) {
    const batch = CATALOGUE.slice(i, i + 3).map(async (entry) => {
      const key = `${entry.repo}/${entry.file}:${memoryKey}`;
      const hit = cache.get(key);
      if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
      const value = await recommend(entry, worker);
      if (value.fit) cache.set(key, { at: Date.now(), value });
      return value;
    });
    models.push(...(await Promise.all(batch)));
  }
  return { worker, models };
}
