// Keeps this worker's presence record (lib/workers/status.ts) fresh: what it runs on, its memory and disk,
// its model files and loaded models, how it is doing; every few seconds and whenever something changes.
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import type { Redis } from "ioredis";
import type { Llama } from "node-llama-cpp";
import type { Logger } from "@/lib/log";
import type { WorkerMetrics } from "@/lib/metrics/worker";
import { listModelFiles } from "@/lib/models/paths";
import { type MemoryState, publishWorkerStatus, removeWorkerStatus, type WorkerStatus } from "@/lib/workers/status";
import type { ModelHost } from "./engine/model-host";
import type { ProbeResult } from "./engine/probe";
import type { ThreadTrial } from "./engine/threads";

const REPORT_MS = 5000;

type Options = {
  redis: Redis;
  llama: Llama;
  modelsDir: string;
  log: Logger;
  probe: ProbeResult;
  threadsSetting: "auto" | number;
  cores: number;
  metrics: WorkerMetrics;
  /** Thread counts measured per model (thread count `auto`). */
  trials: Map<string, ThreadTrial[]>;
  sequencesSetting: "auto" | number;
  sequences: number;
};

export class StatusReporter {
  /**
   * This worker's one id: in its presence record, on the admin page and as the `worker` label in /metrics.
   * Host and pid say which process it is; the random part keeps two containers that share a hostname
   * (both pid 1) apart.
   */
  readonly id = `${os.hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  private readonly startedAt = Date.now();
  private host: ModelHost | null = null;
  private timer: NodeJS.Timeout | null = null;
  private folderFacts: { at: number; files: string[]; disk: MemoryState } | null = null;
  /** Generations this worker takes at once (chosen again when a model loads with `auto`). */
  sequences: number;

  constructor(private readonly options: Options) {
    this.sequences = options.sequences;
  }

  start(host: ModelHost): void {
    this.host = host;
    void this.report();
    this.timer = setInterval(() => void this.report(), REPORT_MS);
  }

  async report(): Promise<void> {
    await this.snapshot()
      .then((status) => publishWorkerStatus(this.options.redis, status))
      .catch((error: Error) => this.options.log.warn({ error: error.message }, "could not publish the worker's status"));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await removeWorkerStatus(this.options.redis, this.id).catch(() => {});
  }

  /**
   * The models folder's files and disk: read at most once per interval, since a report also goes out on
   * every job start and end, and a folder walk per job would cost more than the facts are worth.
   */
  private async folder(modelsDir: string): Promise<{ files: string[]; disk: MemoryState }> {
    if (!this.folderFacts || Date.now() - this.folderFacts.at >= REPORT_MS) {
      const disk = await fs.statfs(modelsDir);
      const files = (await listModelFiles(modelsDir)).map((f) => f.path);
      this.folderFacts = { at: Date.now(), files, disk: { total: disk.blocks * disk.bsize, free: disk.bavail * disk.bsize } };
    }
    return { files: this.folderFacts.files, disk: this.folderFacts.disk };
  }

  private async snapshot(): Promise<WorkerStatus> {
    const { probe, metrics, trials, llama, modelsDir } = this.options;
    const resident = this.host?.describe() ?? null;
    const vram = llama.gpu ? await llama.getVramState() : null;
    const ram = await llama.getRamState();
    const folder = await this.folder(modelsDir);
    return {
      id: this.id,
      host: os.hostname(),
      pid: process.pid,
      startedAt: this.startedAt,
      updatedAt: Date.now(),
      backend: probe.chosen.backend,
      device: probe.chosen.device,
      deviceMemoryBytes: probe.chosen.memoryBytes,
      refused: probe.refused.map(({ backend, reason }) => ({ backend, reason })),
      gpu: llama.gpu,
      vram: vram ? { total: vram.total, free: vram.free } : null,
      ram: { total: ram.total, free: ram.free },
      ...folder,
      loaded: this.host?.loadedIds() ?? [],
      threadsSetting: this.options.threadsSetting,
      cores: this.options.cores,
      sequencesSetting: this.options.sequencesSetting,
      sequences: this.sequences,
      model: resident ? { ...resident, threadTrials: trials.get(resident.filePath) ?? [] } : null,
      activeGenerations: this.host?.active ?? 0,
      rssBytes: process.memoryUsage.rss(),
      metrics: await metrics.registry.getMetricsAsJSON(),
    };
  }
}
