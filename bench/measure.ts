// Timing helpers for the benchmarks: best of several runs after a warm-up, and one table format for all.
import v8 from "node:v8";
import vm from "node:vm";

export interface Timing {
  seconds: number;
}

// A full garbage collection before each measurement, so that none pays for what an earlier one left: after a
// million-row group, the first collection in the next group would otherwise sweep hundreds of megabytes.
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

/** An environment list (BENCH_BACKENDS=sqlite,postgres), or the fallback when unset or empty. */
export const list = (raw: string | undefined, fallback: string): string[] => (raw || fallback).split(",").map((s) => s.trim()).filter(Boolean);

/** A count as the tables print it (1,000,000). */
export const fmt = (n: number): string => n.toLocaleString("en-US");

/** The middle value (the upper of the two middle ones for an even count); NaN for none. */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Runs fn once to warm up, then `runs` times, and keeps the fastest (the least disturbed by the machine). */
export function time(fn: () => void, runs = 5): Timing {
  collectGarbage();
  fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { seconds: best };
}

/**
 * Times several functions in alternation, round after round, keeping each one's fastest: on a shared machine a
 * ratio between two of them then compares runs made under the same load, not one quiet stretch with a busy one.
 */
export function timeInterleaved(fns: readonly (() => void)[], runs = 9): Timing[] {
  collectGarbage();
  for (const fn of fns) fn();
  const best = fns.map(() => Infinity);
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, k) => {
      const start = process.hrtime.bigint();
      fn();
      best[k] = Math.min(best[k]!, Number(process.hrtime.bigint() - start) / 1e9);
    });
  }
  return best.map((seconds) => ({ seconds }));
}

export async function timeAsync(fn: () => Promise<void>, runs = 3): Promise<Timing> {
  collectGarbage();
  await fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { seconds: best };
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The baseline's figure in the same unit; the printed ratio is value ÷ ratioTo. */
  ratioTo?: number;
  /** What ratioTo measured, when it is not the group's baseline. */
  ratioOf?: string;
  target?: string;
  /** Whether the value meets the target, printed PASS or MISS beside it. */
  met?: boolean;
  /** Printed after the figure: counts of failed requests, what was measured. */
  note?: string;
}

export function report(group: string, figures: Figure[]): void {
  console.log(`\n## ${group}`);
  for (const f of figures) {
    const value = Number.isFinite(f.value) ? (f.value >= 100 ? Math.round(f.value).toLocaleString("en-US") : f.value.toPrecision(3)) : "n/a";
    const ratio = f.ratioTo ? `  ratio ${(f.value / f.ratioTo).toFixed(3)} of ${f.ratioOf ?? "baseline"}` : "";
    const target = f.target ? `  (target ${f.target})` : "";
    const verdict = f.met === undefined ? "" : f.met ? "  PASS" : "  MISS";
    const note = f.note ? `  — ${f.note}` : "";
    console.log(`- ${f.name}: ${value} ${f.unit}${ratio}${target}${verdict}${note}`);
  }
}
