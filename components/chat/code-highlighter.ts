// streamdown's code-highlighter plugin, backed by the one highlighter in highlight-worker.ts. A block is shown as
// plain text until its tokens come back; finished blocks' tokens are kept, so re-rendering one costs nothing.

import { bundledLanguages, bundledLanguagesInfo } from "shiki/langs";
import type { BundledLanguage, CodeHighlighterPlugin, HighlightResult } from "streamdown";
import type { HighlightReply, HighlightRequest } from "./highlight-protocol";

const CACHE_SIZE = 200;
const aliases = new Map(bundledLanguagesInfo.flatMap((info) => (info.aliases ?? []).map((alias) => [alias, info.id] as const)));
const cache = new Map<string, HighlightResult>();
const waiting = new Map<number, (result: HighlightResult | null) => void>();
let worker: Worker | null = null;
let nextId = 0;

function languageId(language: string): string {
  const name = language.trim().toLowerCase();
  return aliases.get(name) ?? name;
}

function getWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL("./highlight-worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = ({ data }: MessageEvent<HighlightReply>) => {
      waiting.get(data.id)?.(data.result);
      waiting.delete(data.id);
    };
  }
  return worker;
}

// Loaded with the chat page, while it is idle: fetched later, mid-answer, the highlighter's code would share a slow
// link with the answer's own stream and hold it back.
if (typeof window !== "undefined" && typeof Worker !== "undefined") (window.requestIdleCallback ?? setTimeout)(() => getWorker());

function remember(key: string, result: HighlightResult) {
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, result);
}

export const code: CodeHighlighterPlugin = {
  name: "shiki",
  type: "code-highlighter",
  supportsLanguage: (language) => languageId(language) in bundledLanguages,
  getSupportedLanguages: () => Object.keys(bundledLanguages) as BundledLanguage[],
  getThemes: () => ["github-light", "github-dark"],
  highlight({ code, language, isIncomplete }, callback) {
    const key = `${languageId(language)}\n${code}`;
    const known = cache.get(key);
    if (known) return known;
    if (typeof Worker === "undefined") return null;
    const id = nextId++;
    waiting.set(id, (result) => {
      if (!result) return;
      // A block still streaming changes with the next token: only finished blocks are worth keeping.
      if (!isIncomplete) remember(key, result);
      callback?.(result);
    });
    getWorker().postMessage({ id, code, language: languageId(language) } satisfies HighlightRequest);
    return null;
  },
};
