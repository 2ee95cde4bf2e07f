// Counts authentication failures per client address in a fixed window, so that a client sending wrong tokens
// is told to stop (429 with Retry-After) instead of being answered 401 for ever. Only failures are throttled:
// a valid token is always served, even from an address over the limit — an office behind one NAT address must
// not be locked out by one colleague's misconfigured script. (Guessing is no threat to be slowed: a token is
// 256 random bits.) @fastify/rate-limit counts requests, not failures, hence this small counter.
import net from "node:net";

/** An IPv6 client is counted by its /64, the block one subscriber gets, so it cannot evade by rotating addresses. */
export function addressKey(ip: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (v4) return v4;
  if (net.isIPv6(ip)) {
    const [head = "", tail = ""] = ip.toLowerCase().split("::");
    const left = head === "" ? [] : head.split(":");
    const right = tail === "" ? [] : tail.split(":");
    const groups = ip.includes("::") ? [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right] : left;
    return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
  }
  return ip;
}

export class FailureLimiter {
  private readonly failures = new Map<string, { count: number; start: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    /** Addresses remembered at most: beyond it the oldest windows are forgotten, so memory stays bounded. */
    private readonly maxAddresses = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Records a failure. Returns 0 while the address is within the limit, else the milliseconds until its window
   * ends (the failure is then answered 429).
   */
  fail(ip: string): number {
    const key = addressKey(ip);
    const now = this.now();
    let entry = this.failures.get(key);
    if (!entry || now - entry.start >= this.windowMs) {
      this.failures.delete(key);
      entry = { count: 0, start: now };
      this.failures.set(key, entry);
      if (this.failures.size > this.maxAddresses) this.forget(now);
    }
    entry.count++;
    return entry.count > this.limit ? this.windowMs - (now - entry.start) : 0;
  }

  /** How many addresses are remembered (for tests). */
  get size(): number {
    return this.failures.size;
  }

  /**
   * Entries are kept in the order their windows started, so the expired ones and then the oldest are at the
   * front: drop those, down to nine tenths of the bound, so that this runs once per many new addresses.
   */
  private forget(now: number): void {
    const keep = Math.floor(this.maxAddresses * 0.9);
    for (const [key, entry] of this.failures) {
      if (now - entry.start < this.windowMs && this.failures.size <= keep) break;
      this.failures.delete(key);
    }
  }
}
