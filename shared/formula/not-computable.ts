// A provision whose text states no amount the engine can compute ("给予一定奖励"): its reason, in the data.
import { z } from "zod";
import { Text } from "../catalog/primitives.ts";
import type { FormulaKind } from "./kind.ts";

export const schema = z.strictObject({ kind: z.literal("notComputable"), reason: Text });

export const kind: FormulaKind<z.output<typeof schema>> = {
  children: () => [],
  reads: () => [],
  compile: ({ reason }) => (c) => {
    c.error = { code: "not_computable", message: reason };
    return NaN;
  },
  figures: () => [],
  places: () => [],
  parameters: () => {},
};
