// A document's text cut into passages for retrieval: about CHUNK_CHARS each, ending at sentence ends
// (Chinese has no spaces between words, so 。！？； count as ends like . ! ? and line breaks), each overlapping
// the one before by its last sentences, and each knowing the page it starts on. Pure.

export type PageText = { page: number | null; text: string };
/** overlapChars: the leading characters that repeat the passage before; without them the passages, in order, are the whole text. */
export type Chunk = { ordinal: number; page: number | null; text: string; overlapChars: number };

export const CHUNK_CHARS = 800;
const OVERLAP_CHARS = 150;

type Sentence = { page: number | null; text: string };

/** Sentences with their end punctuation kept; a run longer than a chunk is cut at CHUNK_CHARS. */
export function sentencesOf(page: PageText): Sentence[] {
  const pieces = page.text.match(/[^。！？；.!?;\n]*(?:[。！？；\n]|[.!?;](?=\s|$)|$)+|[^\n]+/g) ?? [];
  const out: Sentence[] = [];
  for (const piece of pieces) {
    const text = piece.replace(/\s+/g, " ").trim();
    for (let i = 0; i < text.length; i += CHUNK_CHARS) out.push({ page: page.page, text: text.slice(i, i + CHUNK_CHARS) });
  }
  return out;
}

/** Joins without a space between two CJK characters (a space there would be one the text never had). */
function join(a: string, b: string): string {
  if (!a) return b;
  return /[\u3000-\u9fff\uff00-\uffef]$/.test(a) && /^[\u3000-\u9fff\uff00-\uffef]/.test(b) ? a + b : `${a} ${b}`;
}

/** The whole text again from its passages (what the model is given when a file fits its context). */
export function wholeText(chunks: Pick<Chunk, "text" | "overlapChars">[]): string {
  return chunks.map((c) => c.text.slice(c.overlapChars).trim()).reduce(join, "");
}

export function chunkPages(pages: PageText[]): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Sentence[] = [];
  let length = 0;
  // Sentences not yet in any passage: a passage of nothing but the previous one's overlap is never made.
  let fresh = 0;
  const flush = () => {
    const text = current.map((s) => s.text).reduce(join, "");
    const freshText = current
      .slice(current.length - fresh)
      .map((s) => s.text)
      .reduce(join, "");
    const overlapChars = chunks.length === 0 ? 0 : text.length - freshText.length;
    chunks.push({ ordinal: chunks.length, page: current[current.length - fresh]?.page ?? null, text, overlapChars });
    // The next passage starts with this one's last sentences, so a fact split between two is whole in one.
    const overlap: Sentence[] = [];
    let kept = 0;
    for (let i = current.length - 1; i > 0; i--) {
      const sentence = current[i] as Sentence;
      if (kept + sentence.text.length > OVERLAP_CHARS) break;
      overlap.unshift(sentence);
      kept += sentence.text.length + 1;
    }
    current = overlap;
    length = kept;
    fresh = 0;
  };
  for (const page of pages) {
    for (const sentence of sentencesOf(page)) {
      if (!sentence.text) continue;
      if (fresh > 0 && length + sentence.text.length > CHUNK_CHARS) flush();
      current.push(sentence);
      length += sentence.text.length + 1;
      fresh++;
    }
  }
  if (fresh > 0) flush();
  return chunks;
}
