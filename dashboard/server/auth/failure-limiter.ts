// Counts authentication failures per client address in a fixed window. @fastify/rate-limit counts requests,
// not failures, and a guessing client must be stopped even on the attempt that would have succeeded, so this
// small counter gates every token check instead.
export class FailureLimiter {
  private readonly failures = new Map<string, { count: number; start: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until the address may try again, or 0 when it may try now. */
  blockedFor(address: string): number {
    const entry = this.failures.get(address);
    if (!entry) return 0;
    const elapsed = this.now() - entry.start;
    if (elapsed >= this.windowMs) {
      this.failures.delete(address);
      return 0;
    }
    return entry.count >= this.limit ? this.windowMs - elapsed : 0;
  }

  fail(address: string): void {
    const now = this.now();
    const entry = this.failures.get(address);
    if (!entry || now - entry.start >= this.windowMs) this.failures.set(address, { count: 1, start: now });
    else entry.count++;
    if (this.failures.size > 10_000) this.sweep(now);
  }

  private sweep(now: number): void {
    for (const [address, entry] of this.failures) if (now - entry.start >= this.windowMs) this.failures.delete(address);
  }
}
