// A column kernel for the commonest shape in the catalog — a rate of the amount under caps — so that Excel ranges
// and ledgers of such provisions run as one tight loop instead of a closure call chain per row. Which formulas it
// serves each kind says (FormulaKind.kernel: rate, match, capped). It uses the same
// arithmetic (applyRate, the cap rule) as compile.ts; the property tests check batch and single results are equal.
import type { CapScope } from "../catalog/cap-scopes.ts";
import { kernelOf, type Formula } from "../formula/kinds.ts";
import { applyRate, plainFen } from "../money/fen.ts";
import { BOUND_CODE } from "./types.ts";

export interface RateKernel {
  rate: number;
  caps: { limit: number; spans: boolean; scope: CapScope }[];
}

/** The kernel's parameters when the formula's kinds allow one (`rate|match of amount`, optionally inside caps); else null. */
export function rateKernelOf(formula: Formula): RateKernel | null {
  return kernelOf(formula);
}

/**
 * Runs the kernel down a column. Rows whose inputs are not plain yuan amounts (empty, negative, sub-fen, too large)
 * go to `slowRow`, the general path, which reports their errors or rounds them exactly.
 * Mirrors the `capped` node: each cap in order limits the value to its headroom.
 */
export function runRateKernel(
  kernel: RateKernel,
  amounts: Float64Array,
  /** Per cap of the kernel, the column of yuan already received in its scope; undefined counts nothing. */
  awarded: readonly (Float64Array | undefined)[],
  ceilings: Float64Array,
  floors: Float64Array,
  bounds: Uint8Array,
  slowRow: (i: number) => void,
): void {
  const { rate, caps } = kernel;
  rows: for (let i = 0; i < amounts.length; i++) {
    const amountFen = plainFen(amounts[i]!);
    if (Number.isNaN(amountFen)) {
      slowRow(i);
      continue;
    }
    let value = applyRate(amountFen, rate);
    let bound = BOUND_CODE.none;
    for (let k = 0; k < caps.length; k++) {
      const cap = caps[k]!;
      const column = awarded[k];
      const rawAwarded = column ? column[i]! : 0;
      const awardedFen = Number.isNaN(rawAwarded) ? 0 : plainFen(rawAwarded);
      if (Number.isNaN(awardedFen)) {
        slowRow(i);
        continue rows;
      }
      const headroom = cap.spans ? Math.max(0, cap.limit - awardedFen) : cap.limit;
      // Arithmetic rather than a branch: whether a cap binds varies row to row, which defeats branch prediction.
      const binds = +(value > headroom);
      bound += binds * ((headroom < cap.limit ? BOUND_CODE.headroom : BOUND_CODE.cap) - bound);
      value = Math.min(value, headroom);
    }
    ceilings[i] = value / 100;
    floors[i] = NaN;
    bounds[i] = bound;
  }
}
