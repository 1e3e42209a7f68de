// The Prometheus text of /metrics: the queue as the web sees it, each worker's state, and the
// workers' generation figures summed.
import "server-only";
import { AggregatorRegistry, Gauge, type MetricObjectWithValues, type MetricValue, Registry } from "prom-client";
import type { WorkerStatus } from "../workers/status";

export type QueueCounts = { waiting: number; active: number };

export async function renderMetrics({ queue, workers }: { queue: QueueCounts | null; workers: WorkerStatus[] }) {
  const registry = new Registry();
  const registers = [registry];
  const depth = new Gauge({ name: "hearth_queue_depth", help: "Generations in the queue, by state", labelNames: ["state"], registers });
  if (queue) {
    depth.set({ state: "waiting" }, queue.waiting);
    depth.set({ state: "active" }, queue.active);
  }
  const up = new Gauge({ name: "hearth_queue_up", help: "1 when Redis answered", registers });
  up.set(queue ? 1 : 0);
  new Gauge({ name: "hearth_workers_online", help: "Workers that reported recently", registers }).set(workers.length);

  const labels = ["worker", "backend", "device"] as const;
  const info = new Gauge({
    name: "hearth_worker_backend_info",
    help: "The backend each worker runs on (value 1)",
    labelNames: labels,
    registers,
  });
  const active = new Gauge({ name: "hearth_active_generations", help: "Generations running now", labelNames: ["worker"], registers });
  const rss = new Gauge({
    name: "hearth_worker_memory_bytes",
    help: "Resident memory of the worker process",
    labelNames: ["worker"],
    registers,
  });
  const deviceMemory = new Gauge({
    name: "hearth_worker_device_memory_bytes",
    help: "Memory of the device in use (GPU memory, or RAM on the CPU)",
    labelNames: ["worker"],
    registers,
  });
  const loaded = new Gauge({
    name: "hearth_loaded_model_info",
    help: "The model each worker holds loaded (value 1)",
    labelNames: ["worker", "model", "file"],
    registers,
  });
  const threads = new Gauge({
    name: "hearth_worker_threads",
    help: "CPU threads of the loaded model",
    labelNames: ["worker", "model"],
    registers,
  });
  const modelBytes = new Gauge({
    name: "hearth_loaded_model_bytes",
    help: "Memory taken by the loaded model",
    labelNames: ["worker", "model"],
    registers,
  });
  for (const w of workers) {
    const worker = w.id;
    info.set({ worker, backend: w.backend, device: w.device }, 1);
    active.set({ worker }, w.activeGenerations);
    rss.set({ worker }, w.rssBytes);
    deviceMemory.set({ worker }, w.deviceMemoryBytes);
    if (w.model) {
      loaded.set({ worker, model: w.model.modelId, file: w.model.filePath }, 1);
      threads.set({ worker, model: w.model.modelId }, w.model.threads);
      modelBytes.set({ worker, model: w.model.modelId }, w.model.sizeBytes);
    }
  }
  // Histograms and counters add up over workers: the whole installation's figures.
  const figures = workers.map((w) => w.metrics as MetricObjectWithValues<MetricValue<string>>[]);
  const merged = figures.length ? Registry.merge([registry, AggregatorRegistry.aggregate(figures)]) : registry;
  return { contentType: merged.contentType, body: await merged.metrics() };
}
