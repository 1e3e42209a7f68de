// One generation on a leased sequence: history in, streamed text out, with stats.
import { type ChatHistoryItem, LlamaChat, LlamaChatSession, type LlamaGrammar } from "node-llama-cpp";
import { promptBudget } from "@/lib/generations/prompt-budget";
import type { Turn } from "@/lib/generations/store";
import type { ToolCall, ToolChoice, ToolDefinition } from "@/lib/generations/tool-calls";
import { DEFAULT_SAMPLING } from "@/lib/models/settings";
import type { Lease } from "./engine/model-host";
import { stripRoleMarkers } from "./role-markers";
import { capturedCalls, chatFunctions, JsonSchemaError, modelResponse, offeredTools } from "./tool-calls";

export type { Turn };
export { JsonSchemaError };

export type GenerationResult = {
  text: string;
  stopReason: "done" | "stopped" | "length" | "toolCalls";
  /** The functions the model called (stopReason "toolCalls"), for the caller to run. */
  toolCalls?: ToolCall[];
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
  /** Background work (a title): the prompt is read a few tokens at a time, so the signal stops it at once. */
  promptInSteps?: boolean;
  sampling?: {
    temperature?: number;
    topP?: number;
    topK?: number;
    repeatPenalty?: number;
    seed?: number;
    stop?: string[];
    json?: { schema?: Record<string, unknown> };
    tools?: ToolDefinition[];
    toolChoice?: ToolChoice;
    parallelToolCalls?: boolean;
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

type Reply = { text: string; stopReason: string; toolCalls?: ToolCall[] };

export async function generate(options: GenerateOptions): Promise<GenerationResult> {
  const { lease, maxTokens, signal, sampling, onStart, onTokens, onText } = options;
  const turns = promptTurns(options.turns);
  const last = turns.at(-1);
  // After function results the model's answer continues the turn that made the calls.
  const continuing = last?.role === "assistant" && Boolean(last.toolCalls?.length);
  if (!last || (last.role !== "user" && !continuing)) throw new Error("A generation needs a user message (or function results) last");
  const count = (text: string) => lease.model.tokenize(text).length + 8; // + room for the template's markers
  const budget = promptBudget(lease.contextSize, maxTokens);
  const { kept, trimmed, promptTokens } = fitTurns(turns.slice(0, -1), count(last.content), budget, count, lease.contextSize);
  // maxTokens arrives capped (generationSampling); what is left here is the room the prompt leaves in the context.
  const outputLimit = Math.max(1, Math.min(maxTokens, lease.contextSize - promptTokens));
  onStart?.({ promptTokens, contextSize: lease.contextSize, trimmedTurns: trimmed });

  const tools = offeredTools(sampling?.tools, sampling?.toolChoice);
  const functions = tools.length ? await chatFunctions(lease.model.llama, tools) : undefined;
  const grammar = sampling?.json ? await jsonGrammar(lease, sampling.json.schema) : undefined;
  const started = performance.now();
  let firstTokenAt: number | null = null;
  let outputTokens = 0;
  const common = engineOptions({
    maxTokens: outputLimit,
    signal,
    sampling,
    onText,
    onToken: (count) => {
      firstTokenAt ??= performance.now();
      outputTokens += count;
      onTokens?.(count);
    },
  });
  try {
    if (options.promptInSteps && !functions && !continuing && !(await readPromptInSteps(lease, kept, last.content, signal)))
      return {
        text: "",
        stopReason: "stopped",
        promptTokens,
        outputTokens: 0,
        firstTokenMs: null,
        tokensPerSec: null,
        trimmedTurns: trimmed,
      };
    const reply: Reply =
      functions || continuing
        ? await respondWithFunctions({ lease, history: [...kept, last], functions, parallel: sampling?.parallelToolCalls, options: common })
        : await respond({ lease, history: kept, prompt: last.content, options: { ...common, grammar } });
    const ended = performance.now();
    const genSeconds = firstTokenAt === null ? 0 : (ended - firstTokenAt) / 1000;
    return {
      text: reply.text,
      stopReason: reply.toolCalls?.length
        ? "toolCalls"
        : reply.stopReason === "abort"
          ? "stopped"
          : reply.stopReason === "maxTokens"
            ? "length"
            : "done",
      ...(reply.toolCalls?.length ? { toolCalls: reply.toolCalls } : {}),
      promptTokens,
      outputTokens,
      firstTokenMs: firstTokenAt === null ? null : Math.round(firstTokenAt - started),
      tokensPerSec: genSeconds > 0 && outputTokens > 1 ? (outputTokens - 1) / genSeconds : null,
      trimmedTurns: trimmed,
    };
  } finally {
    await lease.sequence.clearHistory();
  }
}

/** What both kinds of answer pass to node-llama-cpp: limits, sampling and the streaming callbacks. */
function engineOptions(input: {
  maxTokens: number;
  signal: AbortSignal;
  sampling: GenerateOptions["sampling"];
  onToken: (count: number) => void;
  onText: (text: string) => void;
}) {
  const { sampling } = input;
  return {
    maxTokens: input.maxTokens,
    signal: input.signal,
    stopOnAbortSignal: true,
    temperature: sampling?.temperature ?? DEFAULT_SAMPLING.temperature,
    topP: sampling?.topP,
    topK: sampling?.topK,
    seed: sampling?.seed,
    customStopTriggers: sampling?.stop?.length ? sampling.stop : undefined,
    repeatPenalty: sampling?.repeatPenalty ? { penalty: sampling.repeatPenalty } : undefined,
    onToken: (tokens: unknown[]) => input.onToken(tokens.length),
    // While a call is being written the engine holds its text back and hands over empty chunks.
    onTextChunk: (text: string) => {
      if (text) input.onText(text);
    },
  };
}

type CommonOptions = ReturnType<typeof engineOptions>;

/** Tokens read at once by readPromptInSteps: a few tens of milliseconds of a small CPU model's time. */
const PROMPT_STEP_TOKENS = 16;

/**
 * Reads the prompt into the sequence PROMPT_STEP_TOKENS at a time, all but its last token; false when the signal
 * stopped it. llama.cpp cannot stop inside a batch and node-llama-cpp reads a whole prompt as one, so an answer
 * arriving during a title's prompt waited for all of it (measured: the abort took effect 1.2–1.4 s late on the bench
 * model). The session then finds these tokens already in the sequence and reads only what differs, if anything.
 */
async function readPromptInSteps(lease: Lease, history: Turn[], prompt: string, signal: AbortSignal): Promise<boolean> {
  const session = new LlamaChatSession({ contextSequence: lease.sequence, autoDisposeSequence: false });
  try {
    const chatHistory = [
      ...history.map(toHistoryItem),
      { type: "user", text: prompt },
      { type: "model", response: [] },
    ] as ChatHistoryItem[];
    const tokens = session.chatWrapper.generateContextState({ chatHistory }).contextText.tokenize(lease.model.tokenizer).slice(0, -1);
    for (let start = 0; start < tokens.length; start += PROMPT_STEP_TOKENS) {
      if (signal.aborted) return false;
      await lease.sequence.evaluateWithoutGeneratingNewTokens(tokens.slice(start, start + PROMPT_STEP_TOKENS));
    }
    return !signal.aborted;
  } finally {
    session.dispose({ disposeSequence: false });
  }
}

/** A plain answer to the user's message. */
async function respond(input: {
  lease: Lease;
  history: Turn[];
  prompt: string;
  options: CommonOptions & { grammar?: LlamaGrammar };
}): Promise<Reply> {
  const session = new LlamaChatSession({ contextSequence: input.lease.sequence, autoDisposeSequence: false });
  try {
    session.setChatHistory(input.history.map(toHistoryItem));
    const { responseText, stopReason } = await session.promptWithMeta(input.prompt, input.options);
    return { text: responseText, stopReason };
  } finally {
    session.dispose({ disposeSequence: false });
  }
}

/**
 * An answer that may call the offered functions, or that continues after function results. LlamaChat (not the
 * session, which would run handlers) stops at a call and reports it; nothing is run here.
 */
async function respondWithFunctions(input: {
  lease: Lease;
  history: Turn[];
  functions: Awaited<ReturnType<typeof chatFunctions>> | undefined;
  parallel: boolean | undefined;
  options: CommonOptions;
}): Promise<Reply> {
  const chat = new LlamaChat({ contextSequence: input.lease.sequence, autoDisposeSequence: false });
  try {
    const items = input.history.map(toHistoryItem);
    // A new answer starts as an empty model response; after function results it continues the last one.
    if (items.at(-1)?.type === "user") items.push({ type: "model", response: [] });
    const { options } = input;
    const result = await chat.generateResponse(items, {
      ...options,
      ...(input.functions ? { functions: input.functions, ...(input.parallel === false ? { maxParallelFunctionCalls: 1 } : {}) } : {}),
    });
    return { text: result.response, stopReason: result.metadata.stopReason, toolCalls: capturedCalls(result.functionCalls) };
  } finally {
    chat.dispose({ disposeSequence: false });
  }
}

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
  if (turn.role === "assistant" && turn.toolCalls?.length) return modelResponse(turn);
  if (turn.role === "assistant") return { type: "model", response: [turn.content] };
  return { type: turn.role, text: turn.content };
}
