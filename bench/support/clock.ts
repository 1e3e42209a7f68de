export const now = (): number => performance.now();
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function elapsed(since: number): string {
  return `${((now() - since) / 1000).toFixed(1)} s`;
}
