// An award between a floor and a ceiling (50万元—200万元).
import { z } from "zod";
import { Amount } from "../catalog/primitives.ts";
import { formatAsWritten } from "../money/format.ts";
import type { FormulaKind } from "./kind.ts";

export const schema = z.strictObject({ kind: z.literal("range"), floor: Amount, ceiling: Amount });

export const kind: FormulaKind<z.output<typeof schema>> = {
  children: () => [],
  reads: () => [],
  compile: ({ floor, ceiling }) => (c) => {
    c.floor = floor;
    c.trace?.push({ step: "range", floorFen: floor, ceilingFen: ceiling });
    return ceiling;
  },
  figures: (f) => [
    { name: "floor", leaf: "floor", unit: "fen", value: f.floor, direction: "floor", at: ["floor"] },
    { name: "ceiling", leaf: "ceiling", unit: "fen", value: f.ceiling, direction: "ceiling", at: ["ceiling"] },
  ],
  places: () => [],
  parameters: (f, p) => p.ranges.push({ floorFen: f.floor, ceilingFen: f.ceiling }),
  explain: {
    range: (step, { zh, y, lang }) =>
      zh ? `奖励区间 ${formatAsWritten(step.floorFen, lang)}—${formatAsWritten(step.ceilingFen, lang)}` : `an award between ${y(step.floorFen)} and ${y(step.ceilingFen)}`,
  },
};
