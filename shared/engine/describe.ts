// Plain-language descriptions of a provision's parameters (rates, caps, thresholds, floors), shared by the CLI's
// `explain`, the add-in's SUBSIDY.RATE/CAP and the dashboard's provision page.
import type { Cap, Formula } from "../catalog/schema.ts";

export interface Parameters {
  rates: { rate: number; of: string; matching: boolean }[];
  caps: Cap[];
  thresholds: { on: string; valueFen: number; inclusive: boolean; citation: string }[];
  fixed: { amountFen: number; exact: boolean }[];
  perUnit: { amountFen: number }[];
  ranges: { floorFen: number; ceilingFen: number | null }[];
}

/** Collects every rate (bp), cap, threshold and fixed sum in a formula, in the order the text states them. */
export function parametersOf(formula: Formula): Parameters {
  const p: Parameters = { rates: [], caps: [], thresholds: [], fixed: [], perUnit: [], ranges: [] };
  const walk = (f: Formula): void => {
    switch (f.kind) {
      case "rate":
      case "match":
        p.rates.push({ rate: f.rate, of: f.of, matching: f.kind === "match" });
        if (f.kind === "rate" && f.baseLimit) p.rates.push({ rate: f.baseLimit.rate, of: f.baseLimit.of, matching: false });
        return;
      case "fixed":
        p.fixed.push({ amountFen: f.amount, exact: f.exact });
        return;
      case "perUnit":
        p.perUnit.push({ amountFen: f.amount });
        return;
      case "range":
        p.ranges.push({ floorFen: f.floor, ceilingFen: f.ceiling });
        return;
      case "atLeast":
        p.ranges.push({ floorFen: f.floor, ceilingFen: null });
        return;
      case "branch":
        walk(f.received);
        walk(f.otherwise);
        return;
      case "higherOf":
        f.options.forEach(walk);
        return;
      case "threshold":
        p.thresholds.push({ on: f.threshold.on, valueFen: f.threshold.value, inclusive: f.threshold.inclusive, citation: f.threshold.citation });
        walk(f.then);
        return;
      case "capped":
        p.caps.push(...f.caps);
        walk(f.of);
        return;
      case "notComputable":
        return;
    }
  };
  walk(formula);
  return p;
}
