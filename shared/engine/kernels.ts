// A column kernel for the commonest shape in the catalog — a rate of the amount under caps — so that Excel ranges
// and ledgers of such provisions run as one tight loop instead of a closure call chain per row. It uses the same
// arithmetic (applyRate, the cap rule) as compile.ts; the property tests check batch and single results are equal.
import type { Formula } from "../catalog/schema.ts";
import { applyRate } from "../money/fen.ts";
import { BOUND_CODE } from "./types.ts";

export interface RateKernel {
  rate: number;
  caps: { limit: number; spans: boolean }[];
}

/** The kernel's parameters when the formula is `rate|match of amount`, optionally inside caps; else null. */
export function rateKernelOf(formula: Formula): RateKernel | null {
  const caps = formula.kind === "capped" ? formula.caps : [];
  const inner = formula.kind === "capped" ? formula.of : formula;
  if (inner.kind !== "rate" && inner.kind !== "match") return null;
  if (inner.of !== "amount" || (inner.kind === "rate" && inner.baseLimit)) return null;
  return { rate: inner.rate, caps: caps.map((cap) => ({ limit: cap.limit, spans: cap.scope !== "award" })) };
}

/**
 * One row of the kernel: the ceiling in fen for an amount in fen and what is already awarded, writing the bound code.
 * Mirrors the `capped` node: each cap in order limits the value to its headroom.
 */
export function rateKernelRow(kernel: RateKernel, amountFen: number, awardedFen: number, bounds: Uint8Array, i: number): number {
  let value = applyRate(amountFen, kernel.rate);
  let bound = BOUND_CODE.none;
  const caps = kernel.caps;
  for (let k = 0; k < caps.length; k++) {
    const cap = caps[k]!;
    const headroom = cap.spans ? Math.max(0, cap.limit - awardedFen) : cap.limit;
    if (value > headroom) {
      value = headroom;
      bound = headroom < cap.limit ? BOUND_CODE.headroom : BOUND_CODE.cap;
    }
  }
  bounds[i] = bound;
  return value;
}
