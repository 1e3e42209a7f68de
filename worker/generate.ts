// One generation on a leased sequence: history in, streamed text out, with stats.
import { type ChatHistoryItem, LlamaChatSession, type LlamaGrammar } from "node-llama-cpp";
import { promptBudget } from "@/lib/generations/prompt-budget";
import type { Turn } from "@/lib/generations/store";
import { DEFAULT_SAMPLING } from "@/lib/models/settings";
import type { Lease } from "./engine/model-host";
import { stripRoleMarkers } from "./role-markers";

export type { Turn };

export type GenerationResult = {
  text: string;
  stopReason: "done" | "stopped" | "length";
  promptTokens: number;
  outputTokens: number;
  firstTokenMs: number | null;
  tokensPerSec: number | null;
  trimmedTurns: number;
};

/** The numbers go to the reader in their language (catalogue key `errors.promptTooLong`); the message is for logs. */
export class PromptTooLongError extends Error {
  constructor(readonly values: { tokens: number; budget: number; contextSize: number }) {
    super(`prompt of ${values.tokens} tokens over the budget of ${values.budget} (context ${values.contextSize})`);
  }
}

type GenerateOptions = {
  lease: Lease;
  /** Earlier turns, oldest first, then the user's new message last. */
  turns: Turn[];
  maxTokens: number;
  signal: AbortSignal;
  sampling?: {
    temperature?: number;
    topP?: number;
    topK?: number;
    repeatPenalty?: number;
    seed?: number;
    stop?: string[];
    json?: { schema?: Record<string, unknown> };
  };
  onStart?: (info: { promptTokens: number; contextSize: number; trimmedTurns: number }) => void;
  /** Output tokens as they are generated (counted against the member's usage even if the answer is never saved). */
  onTokens?: (count: number) => void;
  onText: (text: string) => void;
};

/** What the model is shown: the turns, with role markers removed from what members wrote. */
export function promptTurns(turns: Turn[]): Turn[] {
  return turns.map((turn) => (turn.role === "user" ? { ...turn, content: stripRoleMarkers(turn.content) } : turn));
}

export async function generate(options: GenerateOptions): Promise<GenerationResult> {
  const { lease, maxTokens, signal, sampling, onStart, onTokens, onText } = options;
  const turns = promptTurns(options.turns);
  const last = turns.at(-1);
  if (last?.role !== "user") throw new Error("A generation needs a user message last");
  const count = (text: string) => lease.model.tokenize(text).length + 8; // + room for the template's markers
  const budget = promptBudget(lease.contextSize, maxTokens);
  const { kept, trimmed, promptTokens } = fitTurns(turns.slice(0, -1), count(last.content), budget, count, lease.contextSize);
  // maxTokens arrives capped (generationSampling); what is left here is the room the prompt leaves in the context.
  const outputLimit = Math.max(1, Math.min(maxTokens, lease.contextSize - promptTokens));
  onStart?.({ promptTokens, contextSize: lease.contextSize, trimmedTurns: trimmed });

  const grammar = sampling?.json ? await jsonGrammar(lease, sampling.json.schema) : undefined;
  const session = new LlamaChatSession({ contextSequence: lease.sequence, autoDisposeSequence: false });
  session.setChatHistory(kept.map(toHistoryItem));
  const started = performance.now();
  let firstTokenAt: number | null = null;
  let outputTokens = 0;
  try {
    const { responseText, stopReason } = await session.promptWithMeta(last.content, {
      maxTokens: outputLimit,
      signal,
      stopOnAbortSignal: true,
      temperature: sampling?.temperature ?? DEFAULT_SAMPLING.temperature,
      topP: sampling?.topP,
      topK: sampling?.topK,
      seed: sampling?.seed,
      customStopTriggers: sampling?.stop?.length ? sampling.stop : undefined,
      grammar,
      repeatPenalty: sampling?.repeatPenalty ? { penalty: sampling.repeatPenalty } : undefined,
      onToken: (tokens) => {
        firstTokenAt ??= performance.now();
        outputTokens += tokens.length;
        onTokens?.(tokens.length);
      },
      onTextChunk: onText,
    });
    const ended = performance.now();
    const genSeconds = firstTokenAt === null ? 0 : (ended - firstTokenAt) / 1000;
    return {
      text: responseText,
      stopReason: stopReason === "abort" ? "stopped" : stopReason === "maxTokens" ? "length" : "done",
      promptTokens,
      outputTokens,
      firstTokenMs: firstTokenAt === null ? null : Math.round(firstTokenAt - started),
      tokensPerSec: genSeconds > 0 && outputTokens > 1 ? (outputTokens - 1) / genSeconds : null,
      trimmedTurns: trimmed,
    };
  } finally {
    session.dispose({ disposeSequence: false });
    await lease.sequence.clearHistory();
  }
}

/** A schema node-llama-cpp cannot turn into a grammar: the caller's mistake, the same on every attempt. */
export class JsonSchemaError extends Error {}

/** Constrains sampling so the answer parses as JSON (and fits the schema when there is one). */
async function jsonGrammar(lease: Lease, schema: Record<string, unknown> | undefined): Promise<LlamaGrammar> {
  const llama = lease.model.llama;
  if (!schema) return llama.getGrammarFor("json");
  try {
    // The schema is the caller's; node-llama-cpp checks what it supports and throws on the rest.
    return await llama.createGrammarForJsonSchema(schema as Parameters<typeof llama.createGrammarForJsonSchema>[0]);
  } catch (error) {
    throw new JsonSchemaError((error as Error).message);
  }
}

/** Keeps the newest turns that fit the budget; an unfitting newest message is an error, never a silent cut. */
export function fitTurns(history: Turn[], lastTokens: number, budget: number, count: (text: string) => number, contextSize = budget) {
  if (lastTokens > budget) {
    throw new PromptTooLongError({ tokens: lastTokens, budget, contextSize });
  }
  let used = lastTokens;
  const system = history.filter((t) => t.role === "system");
  for (const t of system) used += count(t.content);
  const rest = history.filter((t) => t.role !== "system");
  const kept: Turn[] = [];
  for (let i = rest.length - 1; i >= 0; i--) {
    const turn = rest[i] as Turn;
    const cost = count(turn.content);
    if (used + cost > budget) break;
    used += cost;
    kept.unshift(turn);
  }
  return { kept: [...system, ...kept], trimmed: rest.length - kept.length, promptTokens: used };
}

function toHistoryItem(turn: Turn): ChatHistoryItem {
  if (turn.role === "assistant") return { type: "model", response: [turn.content] };
  return { type: turn.role, text: turn.content };
}
