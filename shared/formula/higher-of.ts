// The higher of alternative methods (就高不就低); an option whose facts are not given is skipped.
import { z } from "zod";
import type { FactName } from "../catalog/primitives.ts";
import type { Fen } from "../money/fen.ts";
import type { TraceStep } from "../engine/types.ts";
import type { FormulaKind } from "./kind.ts";
import { missing } from "./kind.ts";
import { factKernelOf, Formula, needsOf } from "./kinds.ts";
import { FACT_LABEL } from "./labels.ts";

export const schema = z.strictObject({
  kind: z.literal("higherOf"),
  get options() {
    return z.array(Formula).min(2);
  },
});

export const kind: FormulaKind<z.output<typeof schema>> = {
  children: (f) => f.options,
  reads: () => [],
  // Alternatives that are each one rate (no caps, branch or threshold of their own): the kernel tries them in order.
  factKernel: (f) => {
    const options = f.options.map((o) => factKernelOf(o));
    const methods = options.flatMap((o, n) => {
      const leaf = o && o.fact === null && !o.threshold && o.received.caps.length === 0 && o.received.methods.length === 1 ? o.received.methods[0]! : null;
      return leaf ? [{ ...leaf, needs: needsOf(f.options[n]!) }] : [];
    });
    if (methods.length !== f.options.length) return null;
    const leaf = { methods, caps: [] };
    return { threshold: null, fact: null, received: leaf, otherwise: leaf };
  },
  compile: (f, scope) => {
    const options = f.options.map((o) => ({ node: scope.build(o), needs: needsOf(o) }));
    return (c) => {
      const outer = c.trace;
      const record: { valueFen: Fen | null; skipped: FactName | null }[] = [];
      let best = -1;
      let bestValue = -Infinity;
      let bestState = { bound: c.bound, floor: c.floor, trace: [] as TraceStep[] };
      for (const [i, option] of options.entries()) {
        const absent = option.needs.find((name) => Number.isNaN(c.facts[name]));
        if (absent) {
          record.push({ valueFen: null, skipped: absent });
          continue;
        }
        const saved = { bound: c.bound, floor: c.floor };
        const steps: TraceStep[] = [];
        c.trace = outer ? steps : null;
        const value = option.node(c);
        c.trace = outer;
        if (Number.isNaN(value)) return NaN;
        record.push({ valueFen: value, skipped: null });
        if (value > bestValue) {
          best = i;
          bestValue = value;
          bestState = { bound: c.bound, floor: c.floor, trace: steps };
        }
        c.bound = saved.bound;
        c.floor = saved.floor;
      }
      if (best < 0) return missing(c, options[0]?.needs[0] ?? "amount");
      c.bound = bestState.bound;
      c.floor = bestState.floor;
      if (outer) {
        outer.push(...bestState.trace);
        outer.push({ step: "higherOf", options: record, chosen: best });
      }
      return bestValue;
    };
  },
  figures: () => [],
  places: (f) => f.options.map((_, n) => ({ at: ["options", n], qualifiers: ["options", String(n + 1)] })),
  parameters: () => {},
  explain: {
    higherOf: (step, { zh, y, lang }) => {
      const parts = step.options.map((o, i) =>
        o.skipped ? (zh ? `方式${i + 1}：缺少${FACT_LABEL[o.skipped][lang]}，不适用` : `method ${i + 1}: not applicable without ${FACT_LABEL[o.skipped][lang]}`) : `${zh ? "方式" : "method "}${i + 1}: ${y(o.valueFen ?? 0)}`,
      );
      return zh ? `就高不就低：${parts.join("；")}；取方式${step.chosen + 1}` : `the higher method applies: ${parts.join("; ")}; method ${step.chosen + 1} taken`;
    },
  },
};
