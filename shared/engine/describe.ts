// Plain-language descriptions of a provision's parameters (rates, caps, thresholds, floors), shared by the CLI's
// `explain`, the add-in's SUBSIDY.RATE/CAP and the dashboard's provision page.
import type { Cap } from "../catalog/primitives.ts";
import { kindOf, walk, type Formula } from "../formula/kinds.ts";

export interface Parameters {
  rates: { rate: number; of: string; matching: boolean }[];
  caps: Cap[];
  thresholds: { on: string; valueFen: number; inclusive: boolean; citation: string }[];
  fixed: { amountFen: number; exact: boolean }[];
  perUnit: { amountFen: number }[];
  ranges: { floorFen: number; ceilingFen: number | null }[];
}

/**
 * Every rate (bp), cap, threshold and fixed sum in a formula, in the order the text states them, grouped by kind:
 * the parameters' one walk (parameters.ts), regrouped.
 */
export function parametersOf(formula: Formula): Parameters {
  const p: Parameters = { rates: [], caps: [], thresholds: [], fixed: [], perUnit: [], ranges: [] };
  walk(formula, (node) => kindOf(node).parameters(node, p));
  return p;
}

