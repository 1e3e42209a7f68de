// Model rows change rarely (an admin edits them); a short-lived cache keeps a database read off the
// path to the first token.
import { getModelForWorker } from "@/lib/queries/models";

type ModelRow = NonNullable<Awaited<ReturnType<typeof getModelForWorker>>>;

const TTL_MS = 10_000;

export class ModelCache {
  private readonly rows = new Map<string, { row: ModelRow; at: number }>();

  async get(id: string): Promise<ModelRow | null> {
    const hit = this.rows.get(id);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.row;
    const row = await getModelForWorker(id);
    if (row) this.rows.set(id, { row, at: Date.now() });
    else this.rows.delete(id);
    return row;
  }
}
