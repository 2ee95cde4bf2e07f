// A column kernel for the commonest shape in the catalog — a rate of the amount under caps — so that Excel ranges
// and ledgers of such provisions run as one tight loop instead of a closure call chain per row. Which formulas it
// serves each kind says (FormulaKind.kernel: rate, match, capped). It uses the same
// arithmetic (applyRate, the cap rule) as compile.ts; the property tests (test/engine/batch.test.ts,
// properties.test.ts) check batch and single results are equal. Two loops: caps whose headroom is the same on every
// row fold into one limit; caps that read an awarded column run the `capped` node's loop on typed arrays.
import type { CapScope } from "../catalog/cap-scopes.ts";
import { kernelOf, type Formula } from "../formula/kinds.ts";
import { applyRate, isPlainFen, roundedFen } from "../money/fen.ts";
import { BOUND_CODE } from "./types.ts";

export interface RateKernel {
  rate: number;
  caps: { limit: number; spans: boolean; scope: CapScope }[];
}

/** The kernel's parameters when the formula's kinds allow one (`rate|match of amount`, optionally inside caps); else null. */
export function rateKernelOf(formula: Formula): RateKernel | null {
  return kernelOf(formula);
}

// Bound codes read once, outside the loops (BOUND_CODE is a record the optimiser need not treat as constant).
const NONE = BOUND_CODE.none;
const CAP = BOUND_CODE.cap;
const HEADROOM = BOUND_CODE.headroom;

/**
 * Runs the kernel down a column. Rows whose inputs are not plain yuan amounts (empty, negative, sub-fen, too large)
 * go to `slowRow`, the general path, which reports their errors or rounds them exactly and writes all three outputs.
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
  // A rate kernel has no floor; slow rows overwrite theirs. One fill is a memset, cheaper than a store per row.
  floors.fill(NaN);
  // A cap whose scope has no column (or that counts one award only) has the same headroom on every row: what the
  // `capped` node computes with nothing awarded.
  const fixed = kernel.caps.map((cap) => (cap.spans ? Math.max(0, cap.limit) : cap.limit));
  if (awarded.every((column) => column === undefined)) runFixedCaps(kernel.rate, Math.min(Infinity, ...fixed), amounts, ceilings, bounds, slowRow);
  else runAwardedCaps(kernel, fixed, amounts, awarded, ceilings, bounds, slowRow);
}

/**
 * Every headroom fixed: caps in order leave min(value, each headroom), and when any binds the result is the
 * smallest headroom, a cap's own limit, so the code is `cap`. One comparison per row, no inner loop.
 */
function runFixedCaps(rate: number, limit: number, amounts: Float64Array, ceilings: Float64Array, bounds: Uint8Array, slowRow: (i: number) => void): void {
  for (let i = 0; i < amounts.length; i++) {
    const yuan = amounts[i]!;
    const amountFen = roundedFen(yuan);
    if (!isPlainFen(yuan, amountFen)) {
      slowRow(i);
      continue;
    }
    const value = applyRate(amountFen, rate);
    const capped = value > limit;
    ceilings[i] = (capped ? limit : value) / 100;
    bounds[i] = capped ? CAP : NONE;
  }
}

/**
 * Some caps read a column of what each row already received: the `capped` node's loop, cap by cap. A blank cell
 * counts nothing (the fixed headroom); a cell that is not plain yuan sends the row to the general path.
 */
function runAwardedCaps(
  kernel: RateKernel,
  fixed: readonly number[],
  amounts: Float64Array,
  awarded: readonly (Float64Array | undefined)[],
  ceilings: Float64Array,
  bounds: Uint8Array,
  slowRow: (i: number) => void,
): void {
  const { rate } = kernel;
  const count = kernel.caps.length;
  const limits = Float64Array.from(kernel.caps, (cap) => cap.limit);
  const headrooms = Float64Array.from(fixed);
  // Columns as a dense array of one type: an empty column (never read) stands for a cap without one.
  const empty = new Float64Array(0);
  const columns = awarded.map((column) => column ?? empty);
  const reads = Uint8Array.from(awarded, (column) => (column ? 1 : 0));
  rows: for (let i = 0; i < amounts.length; i++) {
    const yuan = amounts[i]!;
    const amountFen = roundedFen(yuan);
    if (!isPlainFen(yuan, amountFen)) {
      slowRow(i);
      continue;
    }
    let value = applyRate(amountFen, rate);
    let bound = NONE;
    for (let k = 0; k < count; k++) {
      const limit = limits[k]!;
      let headroom = headrooms[k]!;
      if (reads[k] === 1) {
        const raw = columns[k]![i]!;
        if (!Number.isNaN(raw)) {
          const awardedFen = roundedFen(raw);
          if (!isPlainFen(raw, awardedFen)) {
            slowRow(i);
            continue rows;
          }
          headroom = Math.max(0, limit - awardedFen);
        }
      }
      if (value > headroom) {
        value = headroom;
        bound = headroom < limit ? HEADROOM : CAP;
      }
    }
    ceilings[i] = value / 100;
    bounds[i] = bound;
  }
}
