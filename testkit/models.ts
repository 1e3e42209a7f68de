// Generated models for tests. The "slow" one is big enough (≈ 60 MB, Q4_0) that on a CPU an answer is still
// being written when a test kills or restarts something mid-answer.
import path from "node:path";
import { makeLexicalEmbeddingGguf } from "@/tools/gguf/lexical-embedding-model";
import { makeScriptedGguf } from "@/tools/gguf/scripted-model";
import { makeTinyGguf } from "@/tools/gguf/tiny-model";
import type { HearthClient } from "./client";

export const SLOW_MODEL_FILE = "slow.gguf";

export async function makeSlowModel(modelsDir: string): Promise<string> {
  const out = path.join(modelsDir, SLOW_MODEL_FILE);
  await makeTinyGguf({ out, layers: 8, embd: 1024, ff: 2816, vocab: 4096, ctx: 1024, type: "q4_0" });
  return SLOW_MODEL_FILE;
}

/** Makes the slow model in the stack's models folder and registers it as "Slow"; returns its id. */
export async function installSlowModel(modelsDir: string, admin: HearthClient): Promise<string> {
  await makeSlowModel(modelsDir);
  const { status, data } = await admin.json<{ model: { id: string } }>("/api/admin/models", { name: "Slow", filePath: SLOW_MODEL_FILE });
  if (status !== 201) throw new Error(`registering the slow model failed: ${status}`);
  return data.model.id;
}

/** A tiny model with a context large enough for a few passages of a file (the test model's own is 1,024 tokens), registered as "Long"; its id. */
export async function installLongModel(modelsDir: string, admin: HearthClient): Promise<string> {
  await makeTinyGguf({ out: path.join(modelsDir, "tiny/long.gguf"), ctx: 8192 });
  const { status, data } = await admin.json<{ model: { id: string } }>("/api/admin/models", { name: "Long", filePath: "tiny/long.gguf" });
  if (status !== 201) throw new Error(`registering the long model failed: ${status}`);
  return data.model.id;
}

export const EMBEDDING_MODEL_FILE = "lexical-embedding.gguf";
/** The lexical embedding model's vector length. */
export const EMBEDDING_DIMENSIONS = 384;

/**
 * Writes the lexical embedding model (BERT, mean pooling, ≈ 22 MB) into the models folder: the cosine of two
 * texts is close to their word overlap (English words, Chinese characters), so retrieval is predictable.
 * See tools/gguf/lexical-embedding-model.ts. Returns the file name.
 */
export async function makeEmbeddingModel(modelsDir: string): Promise<string> {
  await makeLexicalEmbeddingGguf({ out: path.join(modelsDir, EMBEDDING_MODEL_FILE), dimensions: EMBEDDING_DIMENSIONS });
  return EMBEDDING_MODEL_FILE;
}

/**
 * A scripted model that calls get_weather for Paris in the syntax of its chat wrapper (node-llama-cpp resolves
 * Llama2Chat for it: `||call: name(` then the arguments, which the engine's grammar ends with four newlines), and
 * after a function result (its prompt then ends with the result's closing newline) answers in plain text.
 */
export const TOOL_MODEL = {
  file: "tool-caller.gguf",
  call: { name: "get_weather", arguments: { city: "Paris" } },
  /** Cut where the engine's grammars take over: after the call prefix, and after the function's name. */
  script: ["||call: ", "get_weather", '({"city": "Paris"}\n\n\n\n'],
  reply: "It is 21 degrees and sunny in Paris.",
} as const;

/** Makes the tool-calling model and registers it as "Tool caller"; returns its id. */
export async function installToolModel(modelsDir: string, admin: HearthClient): Promise<string> {
  await makeScriptedGguf({
    out: path.join(modelsDir, TOOL_MODEL.file),
    script: TOOL_MODEL.script,
    reply: { after: "\n", script: TOOL_MODEL.reply },
    ctx: 8192,
  });
  const { status, data } = await admin.json<{ model: { id: string } }>("/api/admin/models", {
    name: "Tool caller",
    filePath: TOOL_MODEL.file,
  });
  if (status !== 201) throw new Error(`registering the tool model failed: ${status}`);
  return data.model.id;
}
