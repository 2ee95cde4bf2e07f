// Answers computed once per change of the data: a summary polled by fifty dashboards costs one SQL aggregation
// per write, not one per request. Entries are keyed by the normalised query and bounded in bytes (least recently
// used first out), so no sequence of queries, however varied, can grow the process.
import type { LedgerStore } from "./store.ts";

/** Room for the answers of every view of many dashboards; one summary answer is a few kilobytes. */
const DEFAULT_BYTES = 16 * 1024 * 1024;

export class ResponseCache {
  private stamp = "";
  private bytes = 0;
  /** In insertion order, refreshed on use: the first entry is the least recently used. */
  private readonly entries = new Map<string, string>();
  /** Answers being computed, shared by the requests that ask meanwhile. */
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    private readonly store: LedgerStore,
    private readonly limitBytes = DEFAULT_BYTES,
  ) {}

  /** The answer for `key` under the data as it is now: cached, being computed, or computed now. */
  async get(key: string, compute: () => Promise<string>): Promise<string> {
    const stamp = await this.store.changeStamp();
    if (stamp !== this.stamp) {
      this.entries.clear();
      this.pending.clear();
      this.bytes = 0;
      this.stamp = stamp;
    }
    const held = this.entries.get(key);
    if (held !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, held);
      return held;
    }
    const id = `${stamp}\u0000${key}`;
    let running = this.pending.get(id);
    if (!running) {
      running = compute().finally(() => this.pending.delete(id));
      this.pending.set(id, running);
      void running.then((body) => this.keep(stamp, key, body), () => undefined);
    }
    return running;
  }

  private keep(stamp: string, key: string, body: string): void {
    // Computed from data that has changed since: not worth keeping.
    if (stamp !== this.stamp || body.length > this.limitBytes / 4) return;
    this.entries.set(key, body);
    this.bytes += body.length;
    for (const [old, value] of this.entries) {
      if (this.bytes <= this.limitBytes) break;
      this.entries.delete(old);
      this.bytes -= value.length;
    }
  }

  /** Entries and their bytes (UTF-16 code units), for tests. */
  size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}
