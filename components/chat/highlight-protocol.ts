// Messages between the page and the code highlighter's worker (highlight-worker.ts).
import type { HighlightResult } from "streamdown";

export type HighlightRequest = { id: number; code: string; language: string };
/** `result` is null when the code could not be highlighted: it stays plain text. */
export type HighlightReply = { id: number; result: HighlightResult | null };
