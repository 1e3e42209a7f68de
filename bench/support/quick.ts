// BENCH_QUICK=1: every bench runs in seconds (small model, few runs, short answers) so a test can run them all
// and a bench that breaks fails CI. Its figures then only show the bench works, nothing about speed.
export const QUICK = process.env.BENCH_QUICK === "1";

/** A numeric setting: its environment variable when set, else the quick or the full default. */
export function setting(name: string, full: number, quick: number): number {
  const given = process.env[name];
  return Number(given === undefined || given === "" ? (QUICK ? quick : full) : given);
}
