// An open-ended minimum (100万元及以上): a floor and no ceiling.
import { z } from "zod";
import { Amount } from "../catalog/primitives.ts";
import { formatAsWritten } from "../money/format.ts";
import type { FormulaKind } from "./kind.ts";

export const schema = z.strictObject({ kind: z.literal("atLeast"), floor: Amount });

export const kind: FormulaKind<z.output<typeof schema>> = {
  children: () => [],
  reads: () => [],
  compile: ({ floor }) => (c) => {
    c.floor = floor;
    c.trace?.push({ step: "atLeast", floorFen: floor });
    return Infinity;
  },
  figures: (f) => [{ name: "floor", leaf: "floor", unit: "fen", value: f.floor, direction: "floor", at: ["floor"] }],
  places: () => [],
  parameters: (f, p) => p.ranges.push({ floorFen: f.floor, ceilingFen: null }),
  explain: {
    atLeast: (step, { zh, y, lang }) => (zh ? `${formatAsWritten(step.floorFen, lang)}及以上，原文未规定上限` : `at least ${y(step.floorFen)}; the text sets no ceiling`),
  },
};
