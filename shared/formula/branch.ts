// Two methods by whether a fact was received (jiulongpo-6: matching where municipal funds were received, else a
// share of the equipment investment): `received` when the fact is given and above zero, else `otherwise`.
import { z } from "zod";
import { FactName } from "../catalog/primitives.ts";
import type { FormulaKind } from "./kind.ts";
import { factKernelOf, Formula } from "./kinds.ts";
import { FACT_LABEL } from "./labels.ts";

export const schema = z.strictObject({
  kind: z.literal("branch"),
  fact: FactName,
  get received() {
    return Formula;
  },
  get otherwise() {
    return Formula;
  },
});

export const kind: FormulaKind<z.output<typeof schema>> = {
  children: (f) => [f.received, f.otherwise],
  reads: (f) => [f.fact],
  // An alternative is tried when its fallback can be: the branch's fact only chooses the method.
  needs: (f, needs) => needs(f.otherwise),
  // Both arms single leaves (a rate or match under caps): the kernel picks one per row. A threshold or a branch
  // inside an arm: the general path.
  factKernel: (f) => {
    const received = factKernelOf(f.received);
    const otherwise = factKernelOf(f.otherwise);
    if (!received || !otherwise || received.fact !== null || otherwise.fact !== null || received.threshold || otherwise.threshold) return null;
    return { threshold: null, fact: f.fact, received: received.received, otherwise: otherwise.received };
  },
  compile: (f, scope) => {
    const { fact } = f;
    const received = scope.buildOnBranch(f.received, "received");
    const otherwise = scope.buildOnBranch(f.otherwise, "otherwise");
    return (c) => {
      const value = c.facts[fact];
      const taken = value > 0;
      c.trace?.push({ step: "branch", fact, valueFen: Number.isNaN(value) ? null : value, taken: taken ? "received" : "otherwise" });
      return taken ? received(c) : otherwise(c);
    };
  },
  figures: () => [],
  places: () => [
    { at: ["received"], qualifiers: ["received"] },
    { at: ["otherwise"], qualifiers: ["otherwise"] },
  ],
  parameters: () => {},
  explain: {
    branch: (step, { zh, y, lang }) => {
      const fact = FACT_LABEL[step.fact][lang];
      if (step.taken === "received") return zh ? `已获${fact} ${y(step.valueFen ?? 0)}，按配套方式计算` : `${fact} received (${y(step.valueFen ?? 0)}): the matching method applies`;
      return zh ? `未获${fact}，按另一方式计算` : `no ${fact} received: the other method applies`;
    },
  },
};
