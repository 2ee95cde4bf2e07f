// A fixed award; `exact` when the text grants the sum itself (给予15万元), not "up to" (最高).
import { z } from "zod";
import { Amount } from "../catalog/primitives.ts";
import { formatAsWritten } from "../money/format.ts";
import type { FormulaKind } from "./kind.ts";

export const schema = z.strictObject({ kind: z.literal("fixed"), amount: Amount, exact: z.boolean().default(false) });

export const kind: FormulaKind<z.output<typeof schema>> = {
  children: () => [],
  reads: () => [],
  compile: ({ amount, exact }) => (c) => {
    if (exact) c.floor = amount;
    c.trace?.push({ step: "fixed", amountFen: amount, exact });
    return amount;
  },
  // 给予15万元 (exact) is the text's own sum; 最高 (not exact) may be lowered.
  figures: (f) => [{ name: "fixed", leaf: "fixed", unit: "fen", value: f.amount, direction: f.exact ? "exact" : "ceiling", at: ["amount"] }],
  places: () => [],
  parameters: (f, p) => p.fixed.push({ amountFen: f.amount, exact: f.exact }),
  explain: {
    fixed: (step, { zh, y, lang }) =>
      step.exact
        ? zh ? `定额奖励 ${formatAsWritten(step.amountFen, lang)}` : `a fixed award of ${y(step.amountFen)}`
        : zh ? `最高 ${formatAsWritten(step.amountFen, lang)}` : `up to ${y(step.amountFen)}`,
  },
};
