// Keeps models resident within a memory budget, each with a pool of context sequences so N generations
// share one loaded model. The default model stays pinned; others load on demand and the least recently
// used idle one is evicted when a new one needs the room. Models loaded beside them (the embedding model) reserve
// their share of the same budget (reserve).
import type { Llama, LlamaContext, LlamaContextSequence, LlamaModel } from "node-llama-cpp";
import { contextCeiling } from "@/lib/context-size";
import { getLogger } from "@/lib/log";
import { resolveModelFile } from "@/lib/models/paths";
import type { LoadSettings } from "@/lib/models/settings";
import { memoryCost, readInsights } from "./memory-cost";
import { chooseSequences, estimateSequenceCost } from "./sequences";

export type ModelSpec = { id: string; filePath: string; contextLength: number; load?: LoadSettings; pinned?: boolean };

type Resident = {
  spec: ModelSpec;
  model: LlamaModel;
  context: LlamaContext;
  free: LlamaContextSequence[];
  leased: number;
  lastUsed: number;
  cost: number;
  threads: number;
  /** Background leases (titles) on this model: aborted when an answer asks for a sequence. */
  background: Set<AbortController>;
};

/** What is loaded, for the admin page and the metrics. */
export type ResidentInfo = {
  modelId: string;
  filePath: string;
  threads: number;
  sequences: number;
  contextSize: number;
  sizeBytes: number;
};

export type Lease = { sequence: LlamaContextSequence; model: LlamaModel; contextSize: number; release: () => void };
/** A lease for background work: `yielded` aborts as soon as an answer asks for a sequence. */
export type SpareLease = Lease & { yielded: AbortSignal };

type HostOptions = {
  modelsDir: string;
  /** Per loaded model; `auto`: as many as fit the memory budget (sequences.ts). */
  sequences: number | "auto";
  contextSize: number | "auto";
  /** A fixed count, or a choice made once the model is loaded (thread count `auto`). */
  threads: number | ((model: LlamaModel, spec: ModelSpec) => Promise<number>);
  /** Bytes of memory (VRAM on a GPU, else RAM) resident models may use together; Infinity = one at a time is not forced. */
  memoryBudget?: number;
  /** Told how many generations a model just loaded serves at once. */
  onLoaded?: (loaded: { filePath: string; sequences: number }) => void;
};

type Plan = { contextSize: number | { min: number; max: number }; sequences: number; cost: number };

export class ModelHost {
  private readonly residents = new Map<string, Resident>();
  private readonly loading = new Map<string, Promise<Resident>>();
  private waiters: (() => void)[] = [];
  /** Answers inside acquire (loading their model or waiting for a sequence): background work stands aside. */
  private answersWaiting = 0;
  private swapping: Promise<void> = Promise.resolve();
  /** Bytes held outside the residents: reservations (the embedding model) and the chat model being loaded. */
  private readonly reservations = new Set<{ cost: number }>();

  constructor(
    private readonly llama: Llama,
    private readonly options: HostOptions,
  ) {}

  loadedIds(): string[] {
    return [...this.residents.keys()];
  }

  isLoaded(modelId: string): boolean {
    return this.residents.has(modelId);
  }

  /** Generations running now. */
  get active(): number {
    let total = 0;
    for (const r of this.residents.values()) total += r.leased;
    return total;
  }

  /** The most recently used resident model. */
  describe(): ResidentInfo | null {
    const r = [...this.residents.values()].sort((a, b) => b.lastUsed - a.lastUsed)[0];
    if (!r) return null;
    return {
      modelId: r.spec.id,
      filePath: r.spec.filePath,
      threads: r.threads,
      sequences: r.free.length + r.leased,
      contextSize: r.context.contextSize,
      sizeBytes: r.model.size,
    };
  }

  /**
   * Lends a sequence of the requested model, loading it (and evicting idle ones for room) when needed. Background
   * work (a title) stops at once: it would share the compute, or the sequence, this answer needs.
   */
  async acquire(spec: ModelSpec): Promise<Lease> {
    this.answersWaiting++;
    try {
      for (const resident of this.residents.values()) for (const controller of resident.background) controller.abort();
      for (;;) {
        const resident = await this.ensureLoaded(spec);
        // Evicted meanwhile (to make room for another): load it again rather than lend a disposed context.
        if (this.residents.get(spec.id) !== resident) continue;
        if (resident.free.length > 0) return this.lend(resident);
        await this.nextRelease();
      }
    } finally {
      this.answersWaiting--;
    }
  }

  /**
   * A sequence for background work (a title), only while no answer is being written or waits on this host; null
   * otherwise. The lease's `yielded` signal aborts as soon as an answer asks for a sequence (see acquire).
   */
  async acquireSpare(spec: ModelSpec): Promise<SpareLease | null> {
    const busy = () => this.answersWaiting > 0 || this.active > 0;
    if (busy()) return null;
    const resident = await this.ensureLoaded(spec);
    if (busy() || resident.free.length === 0) return null;
    const lease = this.lend(resident);
    const controller = new AbortController();
    resident.background.add(controller);
    return {
      ...lease,
      yielded: controller.signal,
      release: () => {
        resident.background.delete(controller);
        lease.release();
      },
    };
  }

  private lend(resident: Resident): Lease {
    const sequence = resident.free.pop() as LlamaContextSequence;
    resident.leased++;
    resident.lastUsed = performance.now();
    let released = false;
    return {
      sequence,
      model: resident.model,
      contextSize: sequence.contextSize,
      release: () => {
        if (released) return;
        released = true;
        resident.leased--;
        resident.lastUsed = performance.now();
        resident.free.push(sequence);
        this.wake();
      },
    };
  }

  private nextRelease(): Promise<void> {
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  private async ensureLoaded(spec: ModelSpec): Promise<Resident> {
    const resident = this.residents.get(spec.id);
    if (resident) {
      resident.spec.pinned = spec.pinned;
      return resident;
    }
    const pending = this.loading.get(spec.id);
    if (pending) return pending;
    // One load at a time, so two loads never both count on the same free room.
    const load = this.swapping.then(() => this.residents.get(spec.id) ?? this.loadWithinBudget(spec));
    this.swapping = load.then(
      () => {},
      () => {},
    );
    this.loading.set(spec.id, load);
    try {
      return await load;
    } finally {
      this.loading.delete(spec.id);
    }
  }

  private used(): number {
    let total = 0;
    for (const r of this.residents.values()) total += r.cost;
    for (const r of this.reservations) total += r.cost;
    return total;
  }

  private budget(): number {
    return this.options.memoryBudget ?? Number.POSITIVE_INFINITY;
  }

  /** The least recently used resident that is neither pinned nor serving anyone. */
  private idleVictim(): Resident | undefined {
    return [...this.residents.values()].filter((r) => !r.spec.pinned && r.leased === 0).sort((a, b) => a.lastUsed - b.lastUsed)[0];
  }

  /**
   * Counts `cost` bytes loaded beside the chat models (the embedding model) against the budget until the returned
   * release is called, evicting idle unpinned chat models (least recently used first) until it fits. It never waits
   * for a busy model: the caller may be a generation embedding its question while it holds that very model. When
   * only busy or pinned models are left it is reserved over the budget anyway, with a warning: documents then still
   * get indexed and searched, and on a GPU llama.cpp puts on it only the layers that still fit (slower, not failed).
   * Counted from the start, so a chat model load deciding meanwhile already sees it.
   */
  async reserve(o: { name: string; cost: number }): Promise<() => void> {
    const reservation = { cost: o.cost };
    this.reservations.add(reservation);
    while (this.used() > this.budget()) {
      const victim = this.idleVictim();
      if (!victim) {
        const over = this.used() - this.budget();
        getLogger().warn({ name: o.name, cost: o.cost, over }, `${o.name}: ${over} bytes over the memory budget (busy or pinned models)`);
        break;
      }
      await this.evict(victim);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reservations.delete(reservation);
      this.wake();
    };
  }

  private async loadWithinBudget(spec: ModelSpec): Promise<Resident> {
    const plan = await this.plan(spec);
    const { cost } = plan;
    while (this.residents.size > 0 && this.used() + cost > this.budget()) {
      const victim = this.idleVictim();
      if (victim) {
        await this.evict(victim);
        continue;
      }
      // Only busy or pinned models are loaded: wait for a generation to end, unless none ever will.
      const busy = [...this.residents.values()].some((r) => !r.spec.pinned && r.leased > 0);
      if (!busy) break;
      await this.nextRelease();
    }
    // Counted while it loads, so a reservation made meanwhile (the embedding model) does not count on its room.
    const loading = { cost };
    this.reservations.add(loading);
    const resident = await this.load(spec, plan).finally(() => this.reservations.delete(loading));
    this.residents.set(spec.id, resident);
    this.options.onLoaded?.({ filePath: spec.filePath, sequences: resident.free.length });
    return resident;
  }

  /** Context size, sequences, and node-llama-cpp's estimate of the weights plus the context at those settings. */
  async plan(spec: ModelSpec): Promise<Plan> {
    const { absolute } = await resolveModelFile(this.options.modelsDir, spec.filePath);
    const insights = await readInsights(this.llama, absolute);
    const shape = contextSizeFor(spec.load?.contextSize ?? this.options.contextSize, spec.contextLength);
    const contextSize = typeof shape === "number" ? shape : shape.max;
    const sequences = await this.sequencesFor(spec, absolute, contextSize);
    const cost = memoryCost(this.llama, insights, { gpuLayers: spec.load?.gpuLayers, contextSize, sequences });
    return { contextSize: shape, sequences, cost };
  }

  async estimateCost(spec: ModelSpec): Promise<number> {
    return (await this.plan(spec)).cost;
  }

  private async sequencesFor(spec: ModelSpec, modelPath: string, contextSize: number): Promise<number> {
    const setting = spec.load?.sequences ?? this.options.sequences;
    if (setting !== "auto") return setting;
    const { modelBytes, sequenceBytes } = await estimateSequenceCost({
      llama: this.llama,
      modelPath,
      contextSize,
      gpuLayers: spec.load?.gpuLayers,
    });
    return chooseSequences({ budgetBytes: this.options.memoryBudget ?? Number.POSITIVE_INFINITY, modelBytes, sequenceBytes });
  }

  private async load(spec: ModelSpec, { contextSize, sequences: maxSequences, cost }: Plan): Promise<Resident> {
    // Checked again at load, not only when the admin registered it: the file may since have been replaced
    // by a link pointing out of the models folder.
    const { absolute } = await resolveModelFile(this.options.modelsDir, spec.filePath);
    const load = spec.load ?? {};
    const model = await this.llama.loadModel({
      modelPath: absolute,
      ...(load.gpuLayers === undefined ? {} : { gpuLayers: load.gpuLayers }),
    });
    try {
      const { threads: setting } = this.options;
      const threads = typeof setting === "number" ? setting : await setting(model, spec);
      // Sized to memory: when N sequences do not fit, serve fewer at once rather than none.
      for (let sequences = maxSequences; ; sequences = Math.floor(sequences / 2)) {
        try {
          const context = await model.createContext({ contextSize, sequences, threads });
          if (sequences < maxSequences) {
            getLogger().warn(
              { model: spec.filePath, sequences, maxSequences },
              `${spec.filePath}: memory allows ${sequences} of ${maxSequences} sequences`,
            );
          }
          const free = Array.from({ length: sequences }, () => context.getSequence());
          return { spec: { ...spec }, model, context, free, leased: 0, lastUsed: performance.now(), cost, threads, background: new Set() };
        } catch (error) {
          if (sequences <= 1) throw error;
        }
      }
    } catch (error) {
      await model.dispose();
      throw error;
    }
  }

  private async evict(resident: Resident): Promise<void> {
    this.residents.delete(resident.spec.id);
    await resident.context.dispose();
    await resident.model.dispose();
  }

  async unload(): Promise<void> {
    for (const resident of [...this.residents.values()]) await this.evict(resident);
  }
}

/** A fixed size is capped at the model's training context; `auto` lets llama.cpp fit it to free memory. */
export function contextSizeFor(setting: number | "auto", modelContext: number): number | { min: number; max: number } {
  const ceiling = contextCeiling(setting, modelContext);
  return setting === "auto" ? { min: Math.min(512, ceiling), max: ceiling } : ceiling;
}
