// What the model is asked for a title, and what of its answer becomes one. The title is shown as plain text
// (React escapes it); cleaning only makes it short and tidy.
import type { Turn } from "../generations/store";

/** Words asked for; the cap below holds whatever the model does. */
export const TITLE_WORDS = 6;
export const TITLE_MAX_CHARS = 60;
/** Enough for six words in any script, and no more of the model's time. */
export const TITLE_MAX_TOKENS = 24;
/** Of the question and the answer, at most this much is shown to the model: the start says what it is about. */
export const TITLE_EXCERPT_CHARS = 1500;

/** `excerptChars`: less for a small context (the caller shortens it when the prompt does not fit). */
export function titlePrompt(input: { question: string; answer: string; excerptChars?: number }): Turn[] {
  const most = input.excerptChars ?? TITLE_EXCERPT_CHARS;
  const excerpt = (text: string) => (text.length > most ? `${text.slice(0, most)}…` : text);
  return [
    {
      role: "system",
      content:
        `You name conversations. Reply with a title of at most ${TITLE_WORDS} words that says what the conversation is about, ` +
        "written in the language of the conversation. Reply with the title only: no quotes, no punctuation at the end, no explanation.",
    },
    {
      role: "user",
      content: `Question:\n${excerpt(input.question)}\n\nAnswer:\n${excerpt(input.answer)}\n\nTitle:`,
    },
  ];
}

const QUOTES = /^["'“”‘’«»「」『』《》`*_#\s]+|["'“”‘’«»「」『』《》`*_\s]+$/gu;
const TRAILING = /[\s.。,，:：;；!！?？、…\-–—]+$/u;
const LABEL = /^(title|titre|titel|título|标题|標題)\s*[:：]\s*/iu;

/** The model's reply as a title: its first non-empty line, without label, quotes or end punctuation, capped; null when nothing is left. */
export function cleanTitle(raw: string): string | null {
  const line = raw
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  if (!line) return null;
  // Control characters (and other invisible format marks) never belong in a sidebar.
  let title = line
    .replace(/\s/gu, " ")
    .replace(/[\p{Cc}\p{Cf}]/gu, "")
    .replace(LABEL, "");
  // Quotes and end punctuation nest either way round ("「title」。", "“title.”"): strip until nothing changes.
  for (let before = ""; before !== title; ) {
    before = title;
    title = title.replace(QUOTES, "").replace(TRAILING, "");
  }
  title = title.replace(/\s+/g, " ").trim();
  if (title.length > TITLE_MAX_CHARS)
    title = `${Array.from(title)
      .slice(0, TITLE_MAX_CHARS - 1)
      .join("")
      .trimEnd()}…`;
  return title.length > 0 ? title : null;
}
