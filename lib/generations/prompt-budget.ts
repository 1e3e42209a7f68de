// How much of a context window a prompt may use, shared by the worker (exact, with the tokenizer) and the
// browser and web server (an estimate, before anything is sent or stored).

/** The rest of the window is kept for the answer: up to its maximum length, at most half the window. */
export function promptBudget(contextTokens: number, maxOutputTokens: number): number {
  return contextTokens - Math.min(maxOutputTokens, Math.floor(contextTokens / 2));
}

/**
 * No tokenizer of a usable model packs more characters into one token on ordinary text, so a message
 * longer than this many characters per budget token surely does not fit; shorter ones are checked exactly by
 * the worker.
 */
const MAX_CHARS_PER_TOKEN = 6;

export function surelyTooLong(characters: number, budgetTokens: number): boolean {
  return Math.ceil(characters / MAX_CHARS_PER_TOKEN) > budgetTokens;
}

/** The numbers of the "too long" message (catalogue key `errors.messageTooLongForModel`), ~4 characters a token. */
export function tooLongValues(characters: number, budgetTokens: number): { characters: number; readable: number } {
  return { characters, readable: budgetTokens * 4 };
}
