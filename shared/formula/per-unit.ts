// A sum per unit counted (per model, per unit of equipment).
import { z } from "zod";
import { Amount, BaseRef } from "../catalog/primitives.ts";
import { multiplyCount } from "../money/fen.ts";
import { formatAsWritten } from "../money/format.ts";
import type { FormulaKind } from "./kind.ts";
import { missing, read } from "./kind.ts";

export const schema = z.strictObject({ kind: z.literal("perUnit"), amount: Amount, of: BaseRef });

export const kind: FormulaKind<z.output<typeof schema>> = {
  children: () => [],
  reads: (f) => [f.of],
  compile: ({ amount, of }) => (c) => {
    const count = read(c, of);
    if (Number.isNaN(count)) return missing(c, of);
    const result = multiplyCount(count, amount);
    if (result === null) {
      c.error = { code: "invalid_input", field: of, message: { zh: "数量过大", en: "the count is too large" } };
      return NaN;
    }
    c.trace?.push({ step: "perUnit", count, perUnitFen: amount, resultFen: result });
    return result;
  },
  figures: (f) => [{ name: "perUnit", leaf: "perUnit", unit: "fen", value: f.amount, direction: "ceiling", of: f.of, at: ["amount"] }],
  places: () => [],
  parameters: (f, p) => p.perUnit.push({ amountFen: f.amount }),
  explain: {
    perUnit: (step, { zh, y, lang }) =>
      zh ? `${step.count} 个 × ${formatAsWritten(step.perUnitFen, lang)}/个 = ${y(step.resultFen)}` : `${step.count} × ${y(step.perUnitFen)} each = ${y(step.resultFen)}`,
  },
};
