// Numbers and output: percentiles, formatting, aligned tables on stdout, progress notes on stderr.
/** Linear-interpolated percentile (p in 0..100) of the finite values; NaN when there are none. */
export function percentile(values: (number | null | undefined)[], p: number): number {
  const sorted = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (rank - lo);
}

/** Items after the first ÷ the seconds from the first to the last: a rate that leaves out the wait for the first. */
export function rateAfterFirst(count: number, firstAt: number | null, lastAt: number | null): number | null {
  if (firstAt === null || lastAt === null || count < 2 || lastAt <= firstAt) return null;
  return (count - 1) / ((lastAt - firstAt) / 1000);
}

export function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

export function fmt(value: number | null | undefined, digits = 1): string {
  return typeof value === "number" && Number.isFinite(value) ? value.toFixed(digits) : "-";
}

/** Prints rows under headers with aligned columns: text left-aligned, numbers right-aligned. */
export function printTable(title: string, headers: string[], rows: (string | number)[][]): void {
  const cells = rows.map((row) => headers.map((_, i) => String(row[i] ?? "")));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] as string).length)));
  const numeric = headers.map((_, i) => cells.length > 0 && cells.every((r) => /^-?[\d.]+%?$|^-$/.test(r[i] as string)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join("  ")
      .trimEnd();
  console.log(`\n${title}`);
  console.log(line(headers));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of cells) console.log(line(r));
}

/** Progress notes go to stderr so stdout holds the tables and the result line. */
export function note(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
