// `#name` in the message box: where the typed query is (a `#` at the start or after a space, up to the caret,
// on one line) and which collections match it, names that start with it first. Pure, for the composer's picker.

export type HashQuery = { start: number; end: number; text: string };

/** Longest query looked at: a collection's name is at most 60 characters. */
const MAX_QUERY = 60;

export function hashQueryAt(text: string, caret: number): HashQuery | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf("#");
  if (at < 0 || (at > 0 && !/\s/.test(before[at - 1] ?? ""))) return null;
  const query = before.slice(at + 1);
  if (query.length > MAX_QUERY || /[\r\n]/.test(query)) return null;
  return { start: at, end: caret, text: query };
}

export function matchingCollections<T extends { name: string }>(collections: T[], query: string): T[] {
  const q = query.trim().toLocaleLowerCase();
  const starts = collections.filter((c) => c.name.toLocaleLowerCase().startsWith(q));
  const contains = collections.filter((c) => !starts.includes(c) && c.name.toLocaleLowerCase().includes(q));
  return [...starts, ...contains];
}

/** The text with the `#query` taken out (the chosen collection becomes a chip instead). */
export function withoutQuery(text: string, query: HashQuery): string {
  return text.slice(0, query.start) + text.slice(query.end);
}
