// The passages of a member's files an answer was given, as stored on the answer (Message.sources) and shown
// under it, and how they are written into the prompt. Pure: shared by the worker, the web and the browser.

export type Source = {
  /** The number the answer cites it by: [1], [2]… */
  number: number;
  documentId: string;
  name: string;
  /** The family collection the file belongs to, by name; absent or null for the member's own file. */
  collection?: string | null;
  page: number | null;
  chunkId: string;
  snippet: string;
};

/**
 * whole: the files' whole text was given (they fit the context); passages: the best-matching passages;
 * none: the conversation has files, but no passage matched the question.
 */
export type AnswerSources = { mode: "whole" | "passages" | "none"; sources: Source[] };

const SNIPPET_CHARS = 200;

/** What of a question is looked for in a snippet: words of 4+ letters, codes with digits, Chinese pairs. */
export function snippetTerms(question: string): string[] {
  const words = (question.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}._/-]*/gu) ?? []).filter((w) => w.length >= 4 || /\d/.test(w));
  const runs = question.match(/[\u3400-\u9fff]{2,}/g) ?? [];
  const pairs = runs.flatMap((run) => Array.from({ length: run.length - 1 }, (_, i) => run.slice(i, i + 2)));
  return [...new Set([...words.map((w) => w.replace(/[^\p{L}\p{N}]+$/u, "")), ...pairs])].filter(Boolean);
}

/** A window of the passage where most of the question's terms are (its start when none is). */
export function snippet(text: string, terms: string[] = []): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= SNIPPET_CHARS) return flat;
  const lower = flat.toLowerCase();
  let best = { start: 0, hits: 0 };
  for (const term of terms) {
    for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + 1)) {
      const start = Math.max(0, Math.min(at - 40, flat.length - SNIPPET_CHARS));
      const window = lower.slice(start, start + SNIPPET_CHARS);
      const hits = terms.filter((t) => window.includes(t)).length;
      if (hits > best.hits) best = { start, hits };
    }
  }
  const end = best.start + SNIPPET_CHARS;
  return `${best.start > 0 ? "…" : ""}${flat.slice(best.start, end).trim()}${end < flat.length ? "…" : ""}`;
}

/** A numbered block the model can cite: `[1] (manual.pdf, page 3)` (`House manuals: manual.pdf` from a collection) and the text. */
export function sourceBlock(source: Pick<Source, "number" | "name" | "page" | "collection">, text: string): string {
  const file = source.collection ? `${source.collection}: ${source.name}` : source.name;
  const where = source.page === null ? file : `${file}, page ${source.page}`;
  return `[${source.number}] (${where})\n${text.trim()}`;
}

/** The instruction and the blocks, as the system turn that comes with the member's files. */
export function documentInstructions(mode: AnswerSources["mode"], blocks: string[]): string {
  if (mode === "none")
    return "The user has attached files, but no passage of them matched this question. Say so if the question is about the files; do not invent their content.";
  const intro =
    mode === "whole"
      ? "The user has attached these files; their whole text follows."
      : "The user has attached files; these passages of them match the question.";
  return `${intro} Answer from them and cite each fact with the number of its source, like [1].\n\n${blocks.join("\n\n")}`;
}

/** Reads a stored Message.sources value (JSON from the database) safely; null when absent or not ours. */
export function parseAnswerSources(value: unknown): AnswerSources | null {
  if (!value || typeof value !== "object") return null;
  const { mode, sources } = value as { mode?: unknown; sources?: unknown };
  if ((mode !== "whole" && mode !== "passages" && mode !== "none") || !Array.isArray(sources)) return null;
  return { mode, sources: sources as Source[] };
}
