"use client";
// streamdown's code plugin, with the highlighting done by a Web Worker (highlight.worker.ts). Results arrive through
// the plugin's callback, as they do from shiki's own asynchronous loading; finished code blocks are cached here.
import { type CodeHighlighterPlugin, code, type HighlightOptions, type HighlightResult } from "@streamdown/code";

const CACHE_LIMIT = 200;

export function createWorkerCodePlugin(): CodeHighlighterPlugin {
  let worker: Worker | null = null;
  let nextId = 0;
  const waiting = new Map<number, (result: HighlightResult) => void>();
  const cache = new Map<string, HighlightResult>();

  const start = (): Worker => {
    if (worker) return worker;
    worker = new Worker(new URL("./highlight.worker.ts", import.meta.url));
    worker.onmessage = (message: MessageEvent<{ id: number; result: HighlightResult }>) => {
      const done = waiting.get(message.data.id);
      waiting.delete(message.data.id);
      done?.(message.data.result);
    };
    return worker;
  };

  return {
    ...code,
    highlight(options: HighlightOptions, callback?: (result: HighlightResult) => void) {
      const key = `${options.language}\n${JSON.stringify(options.themes)}\n${options.code}`;
      const cached = cache.get(key);
      if (cached) return cached;
      const id = nextId++;
      waiting.set(id, (result) => {
        if (!options.isIncomplete) {
          cache.set(key, result);
          if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
        }
        callback?.(result);
      });
      start().postMessage({ id, ...options });
      return null;
    },
  };
}
