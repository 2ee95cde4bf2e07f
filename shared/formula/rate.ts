// A rate of the amount or of a fact (10% of equipment investment), optionally with a limit on the base itself
// (chongqing2023-11 counts the premium only up to 3% of the insured value).
import { z } from "zod";
import { BaseRef, Rate } from "../catalog/primitives.ts";
import type { Node } from "../engine/compile.ts";
import { leafKernel } from "../engine/fact-kernel.ts";
import { BOUND_CODE } from "../engine/types.ts";
import { applyRate } from "../money/fen.ts";
import type { FormulaKind } from "./kind.ts";
import { missing, pct, read, reader } from "./kind.ts";
import { baseLabel } from "./labels.ts";

export const schema = z.strictObject({
  kind: z.literal("rate"),
  rate: Rate,
  of: BaseRef,
  baseLimit: z.strictObject({ rate: Rate, of: BaseRef, citation: z.string().min(1) }).optional(),
});
type RateFormula = z.output<typeof schema>;

/** The node of a rate (and of matching, which is computed as one). */
export function rateNode(rate: number, of: BaseRef, matching: boolean, limit: RateFormula["baseLimit"]): Node {
  const get = reader(of);
  return (c) => {
    let base = get(c);
    if (Number.isNaN(base)) return missing(c, of);
    if (limit) {
      const limitOf = read(c, limit.of);
      if (Number.isNaN(limitOf)) return missing(c, limit.of);
      const limitFen = applyRate(limitOf, limit.rate);
      const bound = limitFen < base;
      c.trace?.push({ step: "baseLimit", rate: limit.rate, of: limit.of, ofFen: limitOf, limitFen, baseFen: base, bound, citation: limit.citation });
      if (bound) {
        base = limitFen;
        c.bound = BOUND_CODE.baseLimit;
      }
    }
    const result = applyRate(base, rate);
    c.trace?.push({ step: "rate", rate, of, baseFen: base, resultFen: result, matching });
    return result;
  };
}

export const kind: FormulaKind<RateFormula> = {
  children: () => [],
  reads: (f) => (f.baseLimit ? [f.of, f.baseLimit.of] : [f.of]),
  compile: (f) => rateNode(f.rate, f.of, false, f.baseLimit),
  kernel: (f) => (f.of === "amount" && !f.baseLimit ? { rate: f.rate, caps: [] } : null),
  factKernel: (f) => leafKernel(f.rate, f.of, f.baseLimit ? { rate: f.baseLimit.rate, of: f.baseLimit.of } : null),
  figures: (f) => [
    { name: "rate", leaf: "rate", unit: "bp", value: f.rate, direction: "ceiling", of: f.of, at: ["rate"] },
    ...(f.baseLimit ? [{ name: "baseLimit", leaf: "baseLimit", unit: "bp", value: f.baseLimit.rate, direction: "ceiling", of: f.baseLimit.of, citation: f.baseLimit.citation, at: ["baseLimit", "rate"] } as const] : []),
  ],
  places: () => [],
  parameters: (f, p) => {
    p.rates.push({ rate: f.rate, of: f.of, matching: false });
    if (f.baseLimit) p.rates.push({ rate: f.baseLimit.rate, of: f.baseLimit.of, matching: false });
  },
  explain: {
    rate: (step, { zh, y, lang, amountMeaning }) => {
      const base = baseLabel(step.of, lang, amountMeaning);
      if (step.matching) return zh ? `按${base} ${y(step.baseFen)} 的 ${pct(step.rate)} 配套：${y(step.resultFen)}` : `matching ${pct(step.rate)} of ${base} ${y(step.baseFen)}: ${y(step.resultFen)}`;
      return `${base} ${y(step.baseFen)} × ${pct(step.rate)} = ${y(step.resultFen)}`;
    },
    baseLimit: (step, { zh, y, lang, amountMeaning }) => {
      const of = baseLabel(step.of, lang, amountMeaning);
      return step.bound
        ? zh
          ? `计算基数以 ${of} ${y(step.ofFen)} × ${pct(step.rate)} = ${y(step.limitFen)} 为限（${step.citation}），${y(step.baseFen)} 按 ${y(step.limitFen)} 计`
          : `the base is limited to ${pct(step.rate)} of ${of} ${y(step.ofFen)} = ${y(step.limitFen)} (${step.citation}); ${y(step.baseFen)} counts as ${y(step.limitFen)}`
        : zh
          ? `计算基数 ${y(step.baseFen)} 未超过 ${of} 的 ${pct(step.rate)}（${y(step.limitFen)}）`
          : `the base ${y(step.baseFen)} is within ${pct(step.rate)} of ${of} (${y(step.limitFen)})`;
    },
  },
};
