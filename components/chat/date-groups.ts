// The sidebar's dated groups, as ChatGPT shows them: today, yesterday, the previous 7 and 30 days, then
// one group a month. Days are the browser's calendar days, not 24-hour spans.
export type DateGroupKey =
  | { kind: "today" }
  | { kind: "yesterday" }
  | { kind: "previous7" }
  | { kind: "previous30" }
  | { kind: "month"; year: number; month: number };

const DAY_MS = 24 * 60 * 60 * 1000;

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

export function dateGroupOf(updatedAt: Date, now: Date): DateGroupKey {
  const days = Math.round((startOfDay(now) - startOfDay(updatedAt)) / DAY_MS);
  if (days <= 0) return { kind: "today" };
  if (days === 1) return { kind: "yesterday" };
  if (days <= 7) return { kind: "previous7" };
  if (days <= 30) return { kind: "previous30" };
  return { kind: "month", year: updatedAt.getFullYear(), month: updatedAt.getMonth() };
}

function sameGroup(a: DateGroupKey, b: DateGroupKey): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind !== "month" || (b.kind === "month" && a.year === b.year && a.month === b.month);
}

/** Splits a list sorted newest first into consecutive dated groups, keeping the order. */
export function groupByDate<T extends { updatedAt: string }>(items: T[], now: Date): { key: DateGroupKey; items: T[] }[] {
  const groups: { key: DateGroupKey; items: T[] }[] = [];
  for (const item of items) {
    const key = dateGroupOf(new Date(item.updatedAt), now);
    const last = groups.at(-1);
    if (last && sameGroup(last.key, key)) last.items.push(item);
    else groups.push({ key, items: [item] });
  }
  return groups;
}
