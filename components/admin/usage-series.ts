// Turns per-member, per-day usage rows into one row per member with a value for every day (0 when idle).
export type UsageRow = { userId: string; day: string; messages: number; tokens: number; generationSeconds: number };
export type MemberSeries = { userId: string; name: string; days: UsageRow[]; totals: Omit<UsageRow, "userId" | "day"> };

/** Calendar days from `first` (YYYY-MM-DD), `count` of them. */
export function dayList(first: string, count: number): string[] {
  const [y, m, d] = first.split("-").map(Number);
  return Array.from({ length: count }, (_, i) => {
    const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + i));
    return date.toISOString().slice(0, 10);
  });
}

export function usageSeries(members: { id: string; name: string }[], rows: UsageRow[], days: string[]): MemberSeries[] {
  return members.map((member) => {
    const byDay = new Map(rows.filter((r) => r.userId === member.id).map((r) => [r.day, r]));
    const series = days.map((day) => byDay.get(day) ?? { userId: member.id, day, messages: 0, tokens: 0, generationSeconds: 0 });
    const totals = series.reduce(
      (t, r) => ({
        messages: t.messages + r.messages,
        tokens: t.tokens + r.tokens,
        generationSeconds: Math.round((t.generationSeconds + r.generationSeconds) * 10) / 10,
      }),
      { messages: 0, tokens: 0, generationSeconds: 0 },
    );
    return { userId: member.id, name: member.name, days: series, totals };
  });
}

/**
 * The top of the one scale every member's chart shares (so equal bars mean equal use): the largest day,
 * rounded up to a round number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) for a readable axis.
 */
export function sharedScale(series: MemberSeries[]): number {
  const largest = Math.max(0, ...series.flatMap((s) => s.days.map((d) => d.tokens)));
  if (largest <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(largest));
  const step = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * power >= largest) ?? 10;
  return step * power;
}
