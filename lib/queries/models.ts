// Data access for installed models.
import "server-only";
import { contextCeiling } from "../context-size";
import { getDb } from "../db";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { promptBudget } from "../generations/prompt-budget";
import type { ModelKind } from "../models/kind";
import { readModelFile, removeModelFiles } from "../models/model-file";
import { type LoadSettings, readLoadSettings, readSampling, type Sampling } from "../models/settings";
import type { Db } from "./member-lock";

export type ModelSummary = {
  id: string;
  name: string;
  filePath: string;
  sizeBytes: number;
  architecture: string;
  /** Chat models answer; embedding models turn text into vectors and never appear in the chat model picker. */
  kind: ModelKind;
  quantization: string;
  contextLength: number;
  parameterCount: number | null;
  isDefault: boolean;
  description: string;
  enabled: boolean;
  hasChatTemplate: boolean;
  systemPrompt: string | null;
  loadSettings: LoadSettings;
  sampling: Sampling;
};

/** What the chat screen needs of a model: the picker's entry and how long a message may be. */
export type ModelChoice = {
  id: string;
  name: string;
  /** One line members see in the model picker, e.g. "quick and small". */
  description: string;
  isDefault: boolean;
  promptBudgetTokens: number;
  maxOutputTokens: number;
};

type ModelRow = Awaited<ReturnType<ReturnType<typeof getDb>["model"]["findFirstOrThrow"]>>;

function toSummary(m: ModelRow): ModelSummary {
  return {
    id: m.id,
    name: m.name,
    filePath: m.filePath,
    sizeBytes: Number(m.sizeBytes),
    architecture: m.architecture,
    kind: m.kind,
    quantization: m.quantization,
    contextLength: m.contextLength,
    parameterCount: m.parameterCount === null ? null : Number(m.parameterCount),
    isDefault: m.isDefault,
    description: m.description,
    enabled: m.enabled,
    hasChatTemplate: Boolean(m.chatTemplate),
    systemPrompt: m.systemPrompt,
    loadSettings: readLoadSettings(m.loadSettings),
    sampling: readSampling(m.sampling),
  };
}

/**
 * Runs `change` while other registrations and renames wait. Parallel requests for one name would otherwise all
 * pass the name check and all but one then hit the unique index (a 500, not a 409); two first models could both
 * become the default.
 */
function underModelLock<T>(change: (tx: Db) => Promise<T>): Promise<T> {
  return getDb().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('hearth:models', 0))`;
      return change(tx);
    },
    // A burst of registrations waits its turn: each holds the lock for a few milliseconds.
    { maxWait: 10_000, timeout: 10_000 },
  );
}

async function checkNameFree(tx: Db, name: string, except?: string): Promise<void> {
  const taken = await tx.model.findFirst({ where: { name, ...(except ? { NOT: { id: except } } : {}) }, select: { id: true } });
  if (taken) throw new AppError("conflict", "modelNameTaken", { name });
}

/** Registers a GGUF already on the server: path confined to the models folder, header validated. */
export async function registerModel(input: { name: string; filePath: string; makeDefault?: boolean }): Promise<ModelSummary> {
  const info = await readModelFile(getEnv().modelsDir, input.filePath);
  const name = input.name.trim();
  // The default is the chat model new conversations get: an embedding model never is one.
  const chat = info.kind === "chat";
  return underModelLock(async (tx) => {
    await checkNameFree(tx, name);
    const isFirst = chat && (await tx.model.count({ where: { kind: "chat" } })) === 0;
    const makeDefault = chat && (input.makeDefault ?? isFirst);
    if (makeDefault) await tx.model.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
    const created = await tx.model.create({
      data: {
        name,
        filePath: info.relative,
        sizeBytes: BigInt(info.sizeBytes),
        architecture: info.architecture,
        kind: info.kind,
        quantization: info.quantization ?? "unknown",
        contextLength: info.contextLength,
        parameterCount: BigInt(info.parameterCount),
        chatTemplate: info.chatTemplate,
        isDefault: makeDefault || isFirst,
      },
    });
    return toSummary(created);
  });
}

/** Installed models of one kind (chat unless asked); members see only the enabled ones. */
export async function listModels(options: { includeDisabled?: boolean; kind?: ModelKind | "all" } = {}): Promise<ModelSummary[]> {
  const kind = options.kind ?? "chat";
  const rows = await getDb().model.findMany({
    where: { status: "ready", ...(options.includeDisabled ? {} : { enabled: true }), ...(kind === "all" ? {} : { kind }) },
    orderBy: [{ isDefault: "desc" }, { name: "asc" }],
  });
  return rows.map(toSummary);
}

/** The models members can choose, with the prompt budget each really has on this server. */
export async function listModelChoices(): Promise<ModelChoice[]> {
  const env = getEnv();
  return (await listModels()).map(({ id, name, description, isDefault, contextLength }) => ({
    id,
    name,
    description,
    isDefault,
    promptBudgetTokens: promptBudget(contextCeiling(env.HEARTH_CONTEXT_SIZE, contextLength), env.HEARTH_MAX_OUTPUT_TOKENS),
    maxOutputTokens: env.HEARTH_MAX_OUTPUT_TOKENS,
  }));
}

/** The model a new message should use: the one asked for, else the default. */
/** `db`: the member's lock when picking is part of a send (lib/queries/member-lock.ts says why). */
export async function pickModel(modelId?: string | null, db: Db = getDb()): Promise<ModelSummary> {
  const row = modelId
    ? await db.model.findFirst({ where: { id: modelId, status: "ready", enabled: true, kind: "chat" } })
    : await db.model.findFirst({
        where: { status: "ready", enabled: true, kind: "chat" },
        orderBy: [{ isDefault: "desc" }, { createdAt: "asc" }],
      });
  if (!row) {
    throw new AppError(modelId ? "bad_request" : "unavailable", modelId ? "modelNotInstalled" : "noModelInstalled");
  }
  return toSummary(row);
}

export async function setDefaultModel(id: string): Promise<void> {
  await getDb().$transaction(async (tx) => {
    const model = await tx.model.findUnique({ where: { id }, select: { kind: true } });
    if (!model) throw new AppError("not_found", "modelNotFound");
    if (model.kind !== "chat") throw new AppError("bad_request", "embeddingModelNotDefault");
    await tx.model.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
    await tx.model.update({ where: { id }, data: { isDefault: true } });
  });
}

/** For the worker: the row with its file path and settings. */
export async function getModelForWorker(id: string) {
  return getDb().model.findUnique({ where: { id } });
}

export async function updateModel(
  id: string,
  input: {
    name?: string;
    description?: string;
    enabled?: boolean;
    systemPrompt?: string | null;
    loadSettings?: LoadSettings;
    sampling?: Sampling;
  },
): Promise<ModelSummary> {
  const name = input.name?.trim();
  return underModelLock(async (tx) => {
    if (!(await tx.model.findUnique({ where: { id }, select: { id: true } }))) throw new AppError("not_found", "modelNotFound");
    if (name) await checkNameFree(tx, name, id);
    const row = await tx.model.update({
      where: { id },
      data: {
        name,
        description: input.description,
        enabled: input.enabled,
        systemPrompt: input.systemPrompt === undefined ? undefined : input.systemPrompt?.trim() || null,
        loadSettings: input.loadSettings,
        sampling: input.sampling,
      },
    });
    return toSummary(row);
  });
}

/** The model registered on this file (relative to the models folder), if any. */
export async function findModelByFile(filePath: string): Promise<{ id: string; name: string } | null> {
  return getDb().model.findFirst({ where: { filePath }, select: { id: true, name: true }, orderBy: { createdAt: "asc" } });
}

/** Deletes the model and, unless another model uses it, its file. Refused while answers are queued or being generated with it. */
export async function deleteModel(id: string): Promise<void> {
  const db = getDb();
  const model = await db.model.findUnique({ where: { id } });
  if (!model) throw new AppError("not_found", "modelNotFound");
  const busy = await db.message.count({ where: { modelId: id, status: { in: ["queued", "generating"] } } });
  if (busy > 0) {
    throw new AppError("conflict", "modelBusy", { count: busy, name: model.name });
  }
  const shared = await db.$transaction(async (tx) => {
    await tx.model.delete({ where: { id } });
    if (model.isDefault) {
      const next = await tx.model.findFirst({ where: { status: "ready", enabled: true, kind: "chat" }, orderBy: { createdAt: "asc" } });
      if (next) await tx.model.update({ where: { id: next.id }, data: { isDefault: true } });
    }
    return tx.model.count({ where: { filePath: model.filePath } });
  });
  // Another model serves the same file (registered twice, or an older duplicate download): it stays.
  if (shared > 0) return;
  await removeModelFiles(getEnv().modelsDir, model.filePath);
}
