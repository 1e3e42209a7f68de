// CLI for tools/gguf/tiny-model and scripted-model: writes a deterministic Llama GGUF (random weights, or one fixed answer).
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { makeScriptedGguf } from "./gguf/scripted-model";
import { makeTinyGguf, TINY_MODEL_PRESETS, type TinyModelOptions, type TinyModelType } from "./gguf/tiny-model";

const USAGE = `Usage: npx tsx tools/make-tiny-gguf.ts --out models/tiny.gguf [--preset tiny|0.6b]
  [--seed 1] [--layers 2] [--embd 64] [--heads 4] [--heads-kv 4] [--ff 128] [--vocab 512] [--ctx 512]
  [--type f32|f16|q4_0|q8_0] [--name NAME] [--chat-template-file FILE] [--raw-output]
       npx tsx tools/make-tiny-gguf.ts --out models/scripted.gguf --script-file answer.md [--ctx 2048]
Flags given explicitly override the preset. --script-file makes a model that answers every prompt with
that file's text, exactly (other shape flags are then ignored). By default the model never emits byte, control or EOS tokens;
--raw-output leaves every token reachable.`;

const INT_FLAGS = {
  seed: "seed",
  layers: "layers",
  embd: "embd",
  heads: "heads",
  "heads-kv": "headsKv",
  ff: "ff",
  vocab: "vocab",
  ctx: "ctx",
} as const;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      preset: { type: "string" },
      type: { type: "string" },
      name: { type: "string" },
      "chat-template-file": { type: "string" },
      "script-file": { type: "string" },
      "raw-output": { type: "boolean" },
      help: { type: "boolean", short: "h" },
      ...Object.fromEntries(Object.keys(INT_FLAGS).map((k) => [k, { type: "string" as const }])),
    },
    strict: true,
  });
  if (values.help) return void console.log(USAGE);
  if (!values.out) throw new UsageError("--out is required.");

  const presetName = values.preset ?? "tiny";
  if (!(presetName in TINY_MODEL_PRESETS)) throw new UsageError(`Unknown preset ${presetName}.`);
  const opts: TinyModelOptions = { ...TINY_MODEL_PRESETS[presetName as keyof typeof TINY_MODEL_PRESETS] };
  const flags = values as Record<string, string | boolean | undefined>;
  for (const [flag, key] of Object.entries(INT_FLAGS)) {
    const raw = flags[flag];
    if (typeof raw !== "string") continue;
    if (!/^\d+$/.test(raw)) throw new UsageError(`--${flag} must be a non-negative integer.`);
    opts[key] = Number(raw);
  }
  if (values.type) opts.type = values.type.toLowerCase() as TinyModelType;
  if (values.name) opts.name = values.name;
  if (values["raw-output"]) opts.printableOutput = false;
  if (values["chat-template-file"]) opts.chatTemplate = await fs.readFile(values["chat-template-file"], "utf8");

  await fs.mkdir(path.dirname(path.resolve(values.out)), { recursive: true });
  if (values["script-file"]) {
    await makeScriptedGguf({ out: values.out, script: await fs.readFile(values["script-file"], "utf8"), ctx: opts.ctx });
    return void console.log(`Wrote ${values.out}: answers with the text of ${values["script-file"]}.`);
  }
  const started = performance.now();
  const result = await makeTinyGguf({ ...opts, out: values.out });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `Wrote ${result.path}: ${(result.sizeBytes / 1e6).toFixed(1)} MB, ${result.parameterCount.toLocaleString("en")} parameters, in ${seconds} s.`,
  );
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `${error.message}\n\n${USAGE}` : error instanceof Error ? error.message : error);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
