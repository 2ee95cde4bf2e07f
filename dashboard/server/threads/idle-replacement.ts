// When to replace a worker thread that has done work and then sat idle: V8 keeps the heap a thread's work grew
// (on a large ledger, 100 MB and more) for as long as the thread lives, so a thread idle for a while is swapped for
// a fresh one. The fresh one has done nothing and is kept however long nothing comes; it takes the next piece of
// work without a start to wait for.

/**
 * How long a thread that has worked may sit idle before it is replaced. Short enough that the heap goes back soon
 * after an office stops publishing; long enough that one publishing steadily (a batch a second) keeps its thread.
 */
export const IDLE_REPLACEMENT_MS = 10_000;

/** Calls `replace` once `ms` have passed with no work running since the last piece ended. */
export class IdleReplacement {
  private running = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly ms: number,
    private readonly replace: () => void,
  ) {}

  /** A piece of work starts (or waits to start): no replacement meanwhile. */
  begin(): void {
    this.running++;
    this.clear();
  }

  /** A piece of work has ended, answered or failed. */
  end(): void {
    if (--this.running > 0 || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running === 0 && !this.stopped) this.replace();
    }, this.ms);
    // Waiting to replace a thread never keeps the process alive.
    this.timer.unref();
  }

  /** No replacement from now on (the owner is closing). */
  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
