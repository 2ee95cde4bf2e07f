// A rate applied to higher-level funds (配套): computed as a rate, worded as matching.
import { z } from "zod";
import { BaseRef, Rate } from "../catalog/primitives.ts";
import { leafKernel } from "../engine/fact-kernel.ts";
import type { FormulaKind } from "./kind.ts";
import { rateNode } from "./rate.ts";

export const schema = z.strictObject({ kind: z.literal("match"), rate: Rate, of: BaseRef });

export const kind: FormulaKind<z.output<typeof schema>> = {
  children: () => [],
  reads: (f) => [f.of],
  compile: (f) => rateNode(f.rate, f.of, true, undefined),
  kernel: (f) => (f.of === "amount" ? { rate: f.rate, caps: [] } : null),
  factKernel: (f) => leafKernel(f.rate, f.of),
  figures: (f) => [{ name: "match", leaf: "match", unit: "bp", value: f.rate, direction: "ceiling", of: f.of, at: ["rate"] }],
  places: () => [],
  parameters: (f, p) => p.rates.push({ rate: f.rate, of: f.of, matching: true }),
};
