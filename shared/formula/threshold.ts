// A condition on the amount or a fact (以上 includes the number, 超过 excludes it): below it the award is 0.
import { z } from "zod";
import { Threshold } from "../catalog/primitives.ts";
import { BOUND_CODE } from "../engine/types.ts";
import { formatAsWritten } from "../money/format.ts";
import type { FormulaKind } from "./kind.ts";
import { missing, read } from "./kind.ts";
import { factKernelOf, Formula } from "./kinds.ts";
import { baseLabel } from "./labels.ts";

export const schema = z.strictObject({
  kind: z.literal("threshold"),
  threshold: Threshold,
  get then() {
    return Formula;
  },
});

export const kind: FormulaKind<z.output<typeof schema>> = {
  children: (f) => [f.then],
  reads: (f) => [f.threshold.on],
  // One threshold around a kernel: checked first, 0 with bound `threshold` below it, as the node.
  factKernel: (f) => {
    const then = factKernelOf(f.then);
    return then && !then.threshold ? { ...then, threshold: { on: f.threshold.on, value: f.threshold.value, inclusive: f.threshold.inclusive } } : null;
  },
  compile: (f, scope) => {
    const { threshold } = f;
    const then = scope.build(f.then);
    return (c) => {
      const value = read(c, threshold.on);
      if (Number.isNaN(value)) return missing(c, threshold.on);
      const met = threshold.inclusive ? value >= threshold.value : value > threshold.value;
      c.trace?.push({ step: "threshold", on: threshold.on, valueFen: value, thresholdFen: threshold.value, inclusive: threshold.inclusive, met, citation: threshold.citation });
      if (!met) {
        c.bound = BOUND_CODE.threshold;
        c.floor = NaN;
        return 0;
      }
      return then(c);
    };
  },
  figures: (f) => [{ name: "threshold", leaf: "threshold", unit: "fen", value: f.threshold.value, direction: "threshold", of: f.threshold.on, citation: f.threshold.citation, at: ["threshold", "value"] }],
  places: () => [{ at: ["then"], qualifiers: [] }],
  parameters: (f, p) => p.thresholds.push({ on: f.threshold.on, valueFen: f.threshold.value, inclusive: f.threshold.inclusive, citation: f.threshold.citation }),
  explain: {
    threshold: (step, { zh, y, lang, amountMeaning }) => {
      const on = baseLabel(step.on, lang, amountMeaning);
      const rel = step.inclusive ? (zh ? "及以上" : "at or above") : zh ? "超过" : "above";
      if (zh) return `门槛：${on} ${step.inclusive ? "" : "须超过 "}${formatAsWritten(step.thresholdFen, lang)}${step.inclusive ? "及以上" : ""}（${step.citation}）；实际 ${y(step.valueFen)}，${step.met ? "达到" : "未达到，补助为 0"}`;
      return `threshold: ${on} must be ${rel} ${y(step.thresholdFen)} (${step.citation}); it is ${y(step.valueFen)}: ${step.met ? "met" : "not met, so the award is 0"}`;
    },
  },
};
