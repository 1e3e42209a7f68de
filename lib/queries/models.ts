// Data access for installed models.
import "server-only";
import fs from "node:fs/promises";
import { contextCeiling } from "../context-size";
import { getDb } from "../db";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { promptBudget } from "../generations/prompt-budget";
import { GgufError } from "../gguf/error";
import { readGgufHeader } from "../gguf/reader";
import { summarizeGguf } from "../gguf/summary";
import { resolveModelFile } from "../models/paths";

export type ModelSummary = {
  id: string;
  name: string;
  filePath: string;
  sizeBytes: number;
  architecture: string;
  quantization: string;
  contextLength: number;
  parameterCount: number | null;
  isDefault: boolean;
};

/** What the chat screen needs of a model: the picker's entry and how long a message may be. */
export type ModelChoice = { id: string; name: string; isDefault: boolean; promptBudgetTokens: number; maxOutputTokens: number };

type ModelRow = Awaited<ReturnType<ReturnType<typeof getDb>["model"]["findFirstOrThrow"]>>;

function toSummary(m: ModelRow): ModelSummary {
  return {
    id: m.id,
    name: m.name,
    filePath: m.filePath,
    sizeBytes: Number(m.sizeBytes),
    architecture: m.architecture,
    quantization: m.quantization,
    contextLength: m.contextLength,
    parameterCount: m.parameterCount === null ? null : Number(m.parameterCount),
    isDefault: m.isDefault,
  };
}

/** Registers a GGUF already on the server: path confined to the models folder, header validated. */
export async function registerModel(input: { name: string; filePath: string; makeDefault?: boolean }): Promise<ModelSummary> {
  const { absolute, relative } = await resolveModelFile(getEnv().modelsDir, input.filePath);
  const size = (await fs.stat(absolute)).size;
  let info: ReturnType<typeof summarizeGguf>;
  try {
    info = summarizeGguf(await readGgufHeader(absolute), size);
  } catch (error) {
    if (error instanceof GgufError) throw new AppError("bad_request", "modelNotGguf", { path: relative, detail: error.message });
    throw error;
  }
  if (!info.architecture || !info.contextLength) {
    throw new AppError("bad_request", "modelIncomplete", { path: relative });
  }
  const { architecture, contextLength } = info;
  const db = getDb();
  const name = input.name.trim();
  if (await db.model.findUnique({ where: { name }, select: { id: true } })) {
    throw new AppError("conflict", "modelNameTaken", { name });
  }
  return db.$transaction(async (tx) => {
    const isFirst = (await tx.model.count()) === 0;
    const makeDefault = input.makeDefault ?? isFirst;
    if (makeDefault) await tx.model.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
    const created = await tx.model.create({
      data: {
        name,
        filePath: relative,
        sizeBytes: BigInt(size),
        architecture,
        quantization: info.quantization ?? "unknown",
        contextLength,
        parameterCount: BigInt(info.parameterCount),
        chatTemplate: info.chatTemplate,
        isDefault: makeDefault || isFirst,
      },
    });
    return toSummary(created);
  });
}

export async function listModels(): Promise<ModelSummary[]> {
  const rows = await getDb().model.findMany({ where: { status: "ready" }, orderBy: [{ isDefault: "desc" }, { name: "asc" }] });
  return rows.map(toSummary);
}

/** The models members can choose, with the prompt budget each really has on this server. */
export async function listModelChoices(): Promise<ModelChoice[]> {
  const env = getEnv();
  return (await listModels()).map(({ id, name, isDefault, contextLength }) => ({
    id,
    name,
    isDefault,
    promptBudgetTokens: promptBudget(contextCeiling(env.HEARTH_CONTEXT_SIZE, contextLength), env.HEARTH_MAX_OUTPUT_TOKENS),
    maxOutputTokens: env.HEARTH_MAX_OUTPUT_TOKENS,
  }));
}

/** The model a new message should use: the one asked for, else the default. */
export async function pickModel(modelId?: string | null): Promise<ModelSummary> {
  const db = getDb();
  const row = modelId
    ? await db.model.findFirst({ where: { id: modelId, status: "ready" } })
    : await db.model.findFirst({ where: { status: "ready" }, orderBy: [{ isDefault: "desc" }, { createdAt: "asc" }] });
  if (!row) {
    throw new AppError(modelId ? "bad_request" : "unavailable", modelId ? "modelNotInstalled" : "noModelInstalled");
  }
  return toSummary(row);
}

export async function setDefaultModel(id: string): Promise<void> {
  await getDb().$transaction(async (tx) => {
    if (!(await tx.model.findUnique({ where: { id }, select: { id: true } }))) throw new AppError("not_found", "modelNotFound");
    await tx.model.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
    await tx.model.update({ where: { id }, data: { isDefault: true } });
  });
}

/** For the worker: the row with its file path and settings. */
export async function getModelForWorker(id: string) {
  return getDb().model.findUnique({ where: { id } });
}
