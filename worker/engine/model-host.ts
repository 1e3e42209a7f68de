// Keeps one model resident with a pool of context sequences, so N generations share one loaded model.
import type { Llama, LlamaContext, LlamaContextSequence, LlamaModel } from "node-llama-cpp";
import { contextCeiling } from "@/lib/context-size";
import { resolveModelFile } from "@/lib/models/paths";

export type ModelSpec = { id: string; filePath: string; contextLength: number };

type Resident = { spec: ModelSpec; model: LlamaModel; context: LlamaContext; free: LlamaContextSequence[]; threads: number };

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

export class ModelHost {
  private resident: Resident | null = null;
  private loading: Promise<Resident> | null = null;
  private leased = 0;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly llama: Llama,
    private readonly options: {
      modelsDir: string;
      sequences: number;
      contextSize: number | "auto";
      /** A fixed count, or a choice made once the model is loaded (thread count `auto`). */
      threads: number | ((model: LlamaModel, spec: ModelSpec) => Promise<number>);
    },
  ) {}

  isLoaded(modelId: string): boolean {
    return this.resident?.spec.id === modelId;
  }

  /** Generations running now. */
  get active(): number {
    return this.leased;
  }

  describe(): ResidentInfo | null {
    const r = this.resident;
    if (!r) return null;
    const sequences = r.free.length + this.leased;
    return {
      modelId: r.spec.id,
      filePath: r.spec.filePath,
      threads: r.threads,
      sequences,
      contextSize: r.context.contextSize,
      sizeBytes: r.model.size,
    };
  }

  /** Lends a sequence of the requested model, loading it (and unloading another) when needed. */
  async acquire(spec: ModelSpec): Promise<Lease> {
    for (;;) {
      const resident = await this.ensureLoaded(spec);
      const sequence = resident.free.pop();
      if (sequence) {
        this.leased++;
        let released = false;
        return {
          sequence,
          model: resident.model,
          contextSize: sequence.contextSize,
          release: () => {
            if (released) return;
            released = true;
            this.leased--;
            resident.free.push(sequence);
            this.wake();
          },
        };
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  private async ensureLoaded(spec: ModelSpec): Promise<Resident> {
    while (this.loading) await this.loading.catch(() => {});
    if (this.resident?.spec.id === spec.id) return this.resident;
    // Another model is resident: wait until its generations are done, then swap.
    while (this.leased > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.resident?.spec.id === spec.id) return this.resident;
    this.loading = this.load(spec);
    try {
      this.resident = await this.loading;
      return this.resident;
    } finally {
      this.loading = null;
    }
  }

  private async load(spec: ModelSpec): Promise<Resident> {
    // Checked again at load, not only when the admin registered it: the file may since have been replaced
    // by a link pointing out of the models folder.
    const { absolute } = await resolveModelFile(this.options.modelsDir, spec.filePath);
    await this.unload();
    const model = await this.llama.loadModel({ modelPath: absolute });
    try {
      const contextSize = contextSizeFor(this.options.contextSize, spec.contextLength);
      const { threads: setting } = this.options;
      const threads = typeof setting === "number" ? setting : await setting(model, spec);
      // Sized to memory: when N sequences do not fit, serve fewer at once rather than none.
      for (let sequences = this.options.sequences; ; sequences = Math.floor(sequences / 2)) {
        try {
          const context = await model.createContext({ contextSize, sequences, threads });
          if (sequences < this.options.sequences) {
            console.warn(`[worker] ${spec.filePath}: memory allows ${sequences} of ${this.options.sequences} sequences`);
          }
          const free = Array.from({ length: sequences }, () => context.getSequence());
          return { spec, model, context, free, threads };
        } catch (error) {
          if (sequences <= 1) throw error;
        }
      }
    } catch (error) {
      await model.dispose();
      throw error;
    }
  }

  async unload(): Promise<void> {
    const current = this.resident;
    this.resident = null;
    if (!current) return;
    await current.context.dispose();
    await current.model.dispose();
  }
}

/** A fixed size is capped at the model's training context; `auto` lets llama.cpp fit it to free memory. */
export function contextSizeFor(setting: number | "auto", modelContext: number): number | { min: number; max: number } {
  const ceiling = contextCeiling(setting, modelContext);
  return setting === "auto" ? { min: Math.min(512, ceiling), max: ceiling } : ceiling;
}
