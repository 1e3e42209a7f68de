// Tells the rest of Hearth what this worker runs on and how it is doing (lib/workers/status.ts),
// every few seconds and whenever something changes.
import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Redis } from "ioredis";
import type { WorkerMetrics } from "@/lib/metrics/worker";
import { publishWorkerStatus, removeWorkerStatus, type WorkerStatus } from "@/lib/workers/status";
import type { ModelHost } from "./engine/model-host";
import type { ProbeResult } from "./engine/probe";
import type { ThreadTrial } from "./engine/threads";

const REPORT_MS = 5000;

type Options = {
  redis: Redis;
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
  readonly id = randomUUID();
  private readonly startedAt = Date.now();
  private host: ModelHost | null = null;
  private timer: NodeJS.Timeout | null = null;
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
    await publishWorkerStatus(this.options.redis, await this.snapshot()).catch(() => {});
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await removeWorkerStatus(this.options.redis, this.id).catch(() => {});
  }

  private async snapshot(): Promise<WorkerStatus> {
    const { probe, metrics, trials } = this.options;
    const resident = this.host?.describe() ?? null;
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
