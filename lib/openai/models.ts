// The models a /v1 caller may use, named as OpenAI clients expect: the display name is the id (people type
// it in their apps' settings), and the internal id is accepted too.
import "server-only";
import { AppError } from "../errors";
import { modelsAllowed } from "../limits/send";
import type { ModelKind } from "../models/kind";
import { listModels, type ModelSummary } from "../queries/models";

export type OpenAiModel = { id: string; object: "model"; created: number; owned_by: string };

export function toOpenAiModel(model: ModelSummary): OpenAiModel {
  // Hearth keeps no creation time per model summary that clients care about; 0 is what Ollama answers too.
  return { id: model.name, object: "model", created: 0, owned_by: "hearth" };
}

/** Chat models unless asked: /v1/models lists both kinds, each endpoint resolves its own. */
export async function modelsFor(userId: string, kind: ModelKind | "all" = "chat"): Promise<ModelSummary[]> {
  return modelsAllowed(userId, await listModels({ kind }));
}

/**
 * The model a caller named, among those they may use. Another person's model (a child's forbidden one, a
 * disabled one, one that does not exist) is the same 404: nobody learns what they may not use.
 */
export async function resolveModel(userId: string, requested: string, kind: ModelKind | "all" = "chat"): Promise<ModelSummary> {
  const models = await modelsFor(userId, kind);
  const wanted = requested.trim();
  const found =
    models.find((m) => m.name === wanted) ??
    models.find((m) => m.name.toLowerCase() === wanted.toLowerCase()) ??
    models.find((m) => m.id === wanted);
  if (!found) throw new AppError("not_found", "apiModelNotFound", { model: wanted.slice(0, 100) });
  return found;
}
