// Chat comes first in a worker: background work (reading and embedding files) steps aside while an answer is on
// its way here, from the moment its job is picked up until it is settled, and an answer lets the one background
// step in flight finish before it starts computing. llama.cpp's threads busy-wait, so two computations on the same
// cores slow each other many times over: measured here, a passage's embedding that overlapped the first 15–45 ms of
// an answer's prompt cost that answer ~350 ms, where waiting for it costs at most the step (milliseconds).

export class ChatActivity {
  private answers = 0;
  private quiet: (() => void)[] = [];
  private step: Promise<unknown> = Promise.resolve();

  /** An answer's job begins in this worker; the returned function ends it (once, however often it is called). */
  begin(): () => void {
    this.answers++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.answers--;
      if (this.answers === 0) for (const wake of this.quiet.splice(0)) wake();
    };
  }

  get busy(): boolean {
    return this.answers > 0;
  }

  /**
   * Waits while answers are on their way, at most `maxWaitMs` (so that background work still moves, one small step
   * at a time, under constant chat), and always lets pending I/O run first.
   */
  async stepAside(maxWaitMs: number): Promise<void> {
    await new Promise((r) => setImmediate(r));
    if (!this.busy) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, maxWaitMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.quiet.push(done);
    });
  }

  /** One small step of background work (a passage embedded), after stepping aside; answers wait for it to end. */
  async backgroundStep<T>(maxWaitMs: number, work: () => Promise<T>): Promise<T> {
    await this.stepAside(maxWaitMs);
    const run = this.step.then(work);
    this.step = run.catch(() => {});
    return run;
  }

  /** Resolves when the background step in flight (if any) is over: an answer's computing starts after it. */
  backgroundSettled(): Promise<void> {
    return this.step.then(() => {});
  }
}
