// How a search query is split the way the index was built, and how a result's snippet and highlights are
// cut from the matched text. Pure: shared by the server and its tests.
const SNIPPET_CHARS = 160;
const CJK_RUN = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+/g;

/** The query split the way the index was built: Latin words, and runs of CJK characters cut into pairs. */
export function queryParts(query: string): { words: string; cjkRuns: string[]; cjkPairs: string } {
  const cjkRuns = (query.match(CJK_RUN) ?? []).filter((run) => run.length >= 2);
  const pairs = cjkRuns.flatMap((run) => Array.from({ length: run.length - 1 }, (_, i) => run.slice(i, i + 2)));
  return { words: query.replace(CJK_RUN, " ").trim(), cjkRuns, cjkPairs: pairs.join(" ") };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Highlights: every CJK run as typed, and every word that starts with a matched English stem. */
export function highlightPattern(stems: string[], cjkRuns: string[]): RegExp | null {
  const parts = [...cjkRuns.map(escapeRegExp), ...stems.filter(Boolean).map((stem) => `\\b${escapeRegExp(stem)}[\\p{L}\\p{N}]*`)];
  return parts.length ? new RegExp(parts.join("|"), "giu") : null;
}

/** A window of the text around its first match, with the matches in it. */
export function snippetOf(text: string, pattern: RegExp | null): { snippet: string; highlights: [number, number][] } {
  const flat = text.replace(/\s+/g, " ").trim();
  // search() starts at 0 and leaves lastIndex alone whatever the g flag: the shared pattern needs no copy.
  const first = pattern ? flat.search(pattern) : -1;
  const start = first < 0 ? 0 : Math.max(0, first - Math.floor(SNIPPET_CHARS / 3));
  const window = flat.slice(start, start + SNIPPET_CHARS);
  const snippet = `${start > 0 ? "…" : ""}${window}${start + SNIPPET_CHARS < flat.length ? "…" : ""}`;
  const offset = start > 0 ? 1 : 0;
  const highlights: [number, number][] = [];
  if (pattern)
    for (const match of window.matchAll(pattern)) highlights.push([match.index + offset, match.index + offset + match[0].length]);
  return { snippet, highlights };
}

export type SearchFilters = { from?: Date; to?: Date; modelId?: string; folderId?: string; archived?: "exclude" | "include" | "only" };
export type SearchHit = {
  conversationId: string;
  conversationTitle: string;
  /** null when only the title matched. */
  messageId: string | null;
  role: string | null;
  snippet: string;
  /** [start, end) ranges of `snippet` to highlight. */
  highlights: [number, number][];
  createdAt: string;
};
