// Caps on a formula, each with its scope (shared/catalog/cap-scopes.ts): in order, each limits the value to the
// headroom left after what was already received in its scope (caps on one award: the cap itself).
import { z } from "zod";
import { scopeLabel, spansApplications } from "../catalog/cap-scopes.ts";
import { Cap } from "../catalog/primitives.ts";
import { BOUND_CODE } from "../engine/types.ts";
import { formatAsWritten } from "../money/format.ts";
import type { FormulaKind } from "./kind.ts";
import { factKernelOf, Formula, kernelOf } from "./kinds.ts";

export const schema = z.strictObject({
  kind: z.literal("capped"),
  caps: z.array(Cap).min(1),
  get of() {
    return Formula;
  },
});

export const kind: FormulaKind<z.output<typeof schema>> = {
  children: (f) => [f.of],
  reads: () => [],
  needs: (f, needs) => needs(f.of),
  // Caps around a kernel's formula (only one level: the kernel's loop applies one list of caps).
  kernel: (f) => {
    const inner = f.of.kind === "capped" ? null : kernelOf(f.of);
    return inner && inner.caps.length === 0 ? { rate: inner.rate, caps: f.caps.map((cap) => ({ limit: cap.limit, spans: spansApplications(cap.scope), scope: cap.scope })) } : null;
  },
  // The caps follow the inner leaf's own, on either arm of a branch inside them (the value the branch returns meets
  // them alike), and inside a threshold (0 below it meets no cap: headroom is never negative).
  factKernel: (f) => {
    const inner = factKernelOf(f.of);
    if (!inner) return null;
    const caps = f.caps.map((cap) => ({ limit: cap.limit, spans: spansApplications(cap.scope), scope: cap.scope }));
    const received = { ...inner.received, caps: [...inner.received.caps, ...caps] };
    const otherwise = inner.fact === null ? received : { ...inner.otherwise, caps: [...inner.otherwise.caps, ...caps] };
    return { ...inner, received, otherwise };
  },
  compile: (f, scope) => {
    const inner = scope.build(f.of);
    // The CapUse each evaluation reports is made once here: a ledger evaluates these nodes a million times.
    const caps = f.caps.map((cap) => {
      const use = scope.cap(cap);
      return { cap, key: use.key, spans: spansApplications(cap.scope), use };
    });
    return (c) => {
      let value = inner(c);
      if (Number.isNaN(value)) return value;
      // An indexed loop: this runs once per row in the batch API's hot path.
      for (let i = 0; i < caps.length; i++) {
        const { cap, key, spans, use } = caps[i]!;
        const awarded = spans ? (c.awardedByCap ? (c.awardedByCap[key] ?? 0) : c.awardedByScope[cap.scope]) : 0;
        const headroom = Math.max(0, cap.limit - awarded);
        const before = value;
        let bound: "cap" | "headroom" | null = null;
        if (value > headroom) {
          value = headroom;
          bound = value < cap.limit ? "headroom" : "cap";
          c.bound = BOUND_CODE[bound];
        }
        c.caps?.push(use);
        c.trace?.push({
          step: "cap",
          key,
          scope: cap.scope,
          limitFen: cap.limit,
          awardedFen: awarded,
          headroomFen: headroom,
          beforeFen: before === Infinity ? null : before,
          afterFen: value,
          bound,
          citation: cap.citation,
        });
      }
      if (c.floor > value) c.floor = value;
      return value;
    };
  },
  figures: (f) =>
    f.caps.map((cap, n) => ({ name: "cap", leaf: `caps.${cap.scope}`, unit: "fen", value: cap.limit, direction: "ceiling", scope: cap.scope, ...(cap.group ? { group: cap.group } : {}), citation: cap.citation, at: ["caps", n, "limit"] }) as const),
  places: () => [{ at: ["of"], qualifiers: [] }],
  parameters: (f, p) => p.caps.push(...f.caps),
  explain: {
    cap: (step, { zh, y, lang }) => {
      const scope = scopeLabel(step.scope, lang);
      const limit = formatAsWritten(step.limitFen, lang);
      const head = step.awardedFen > 0 ? (zh ? `，已获 ${y(step.awardedFen)}，剩余 ${y(step.headroomFen)}` : `; ${y(step.awardedFen)} already awarded leaves ${y(step.headroomFen)}`) : "";
      const outcome =
        step.bound === "cap"
          ? zh ? `，封顶为 ${y(step.afterFen)}` : `; capped at ${y(step.afterFen)}`
          : step.bound === "headroom"
            ? zh ? `，受剩余额度限制为 ${y(step.afterFen)}` : `; limited by the headroom to ${y(step.afterFen)}`
            : zh ? "，未触及" : "; not reached";
      return zh ? `上限（${scope}）${limit}（${step.citation}）${head}${outcome}` : `cap (${scope}) ${y(step.limitFen)} (${step.citation})${head}${outcome}`;
    },
  },
};
