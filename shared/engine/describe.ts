// Plain-language descriptions of a provision's parameters (rates, caps, thresholds, floors), shared by the CLI's
// `explain`, the add-in's SUBSIDY.RATE/CAP and the dashboard's provision page.
import type { Cap, CapScope, Formula } from "../catalog/schema.ts";
import { formulaParameters } from "./parameters.ts";

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
  for (const q of formulaParameters("", formula)) {
    switch (q.name) {
      case "rate":
      case "match":
      case "baseLimit":
        p.rates.push({ rate: q.value, of: q.of as string, matching: q.name === "match" });
        break;
      case "cap":
        p.caps.push({ limit: q.value, scope: q.scope as CapScope, ...(q.group ? { group: q.group } : {}), citation: q.citation as string });
        break;
      case "threshold":
        p.thresholds.push({ on: q.of as string, valueFen: q.value, inclusive: thresholdAt(formula, q.at).inclusive, citation: q.citation as string });
        break;
      case "fixed":
        p.fixed.push({ amountFen: q.value, exact: q.direction === "exact" });
        break;
      case "perUnit":
        p.perUnit.push({ amountFen: q.value });
        break;
      case "floor":
        p.ranges.push({ floorFen: q.value, ceilingFen: null });
        break;
      case "ceiling": {
        // A range's ceiling follows its floor in the walk.
        const range = p.ranges[p.ranges.length - 1];
        if (range) range.ceilingFen = q.value;
        break;
      }
    }
  }
  return p;
}

/** The threshold node a threshold's value sits in (its path ends in threshold.value). */
function thresholdAt(formula: Formula, at: readonly (string | number)[]): { inclusive: boolean } {
  let node: unknown = formula;
  for (const key of at.slice(0, -1)) node = (node as Record<string | number, unknown>)[key];
  return node as { inclusive: boolean };
}
