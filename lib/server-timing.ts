// Server-Timing for a request (https://www.w3.org/TR/server-timing/): where a send spent its time, readable
// by the browser's devtools and by bench/stream.ts.
export class ServerTiming {
  private readonly entries: string[] = [];

  async measure<T>(name: string, work: Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work;
    } finally {
      this.entries.push(`${name};dur=${(performance.now() - start).toFixed(2)}`);
    }
  }

  header(): string {
    return this.entries.join(", ");
  }
}
