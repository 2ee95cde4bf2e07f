// Requests the service benchmark times. None of them throws: a refused, failed or timed-out request is an outcome
// to count and print, so one slow answer under load never aborts the run and every other figure is still measured.
export interface Outcome {
  ok: boolean;
  status: number;
  ms: number;
  /** Bytes of the body read, and how many of them were newlines (CSV rows). */
  bytes: number;
  lines: number;
  error?: string;
}

export async function timedRequest(url: string, init: RequestInit & { timeoutMs: number }): Promise<Outcome> {
  const { timeoutMs, ...rest } = init;
  const start = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - start) / 1e6;
  let status = 0;
  let bytes = 0;
  let lines = 0;
  try {
    const res = await fetch(url, { ...rest, signal: AbortSignal.timeout(timeoutMs) });
    status = res.status;
    // Read as a stream: a 1M-row export is never held whole in the benchmark's memory.
    const reader = res.body?.getReader();
    for (let part = await reader?.read(); part && !part.done; part = await reader?.read()) {
      const chunk = part.value;
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
    }
    return { ok: res.ok, status, ms: ms(), bytes, lines };
  } catch (e) {
    const error = (e as Error).name === "TimeoutError" ? `timeout after ${timeoutMs} ms` : (e as Error).message;
    return { ok: false, status, ms: ms(), bytes, lines, error };
  }
}

/** Latencies of a series of requests, and how many failed (the first few reasons kept for the printout). */
export class Tally {
  readonly ms: number[] = [];
  failed = 0;
  readonly reasons: string[] = [];

  add(outcome: Outcome): void {
    this.ms.push(outcome.ms);
    if (outcome.ok) return;
    this.failed++;
    if (this.reasons.length < 3) this.reasons.push(outcome.error ?? `HTTP ${outcome.status}`);
  }

  /** The q-quantile (0..1) of the latencies, nearest rank; NaN when there are none. */
  quantile(q: number): number {
    if (!this.ms.length) return NaN;
    const sorted = [...this.ms].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  }

  max(): number {
    return this.ms.length ? Math.max(...this.ms) : NaN;
  }

  describeFailures(): string {
    return this.failed ? `${this.failed} of ${this.ms.length} failed (${this.reasons.join("; ")})` : `0 of ${this.ms.length} failed`;
  }
}
