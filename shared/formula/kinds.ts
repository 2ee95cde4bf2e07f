// The table of formula kinds, one file each, and the one traversal every walk over a formula uses. The catalog's
// schema (Formula) is the union of the kinds' schemas; adding a kind is adding a file and a row here.
import { z } from "zod";
import type { BaseRef, FactName } from "../catalog/primitives.ts";
import { kind as atLeast, schema as atLeastSchema } from "./at-least.ts";
import { kind as branch, schema as branchSchema } from "./branch.ts";
import { kind as capped, schema as cappedSchema } from "./capped.ts";
import { kind as fixed, schema as fixedSchema } from "./fixed.ts";
import { kind as higherOf, schema as higherOfSchema } from "./higher-of.ts";
import type { ExplainContext, FormulaKind } from "./kind.ts";
import { kind as match, schema as matchSchema } from "./match.ts";
import { kind as notComputable, schema as notComputableSchema } from "./not-computable.ts";
import { kind as perUnit, schema as perUnitSchema } from "./per-unit.ts";
import { kind as range, schema as rangeSchema } from "./range.ts";
import { kind as rate, schema as rateSchema } from "./rate.ts";
import { kind as threshold, schema as thresholdSchema } from "./threshold.ts";
import type { FactKernel } from "../engine/fact-kernel.ts";
import type { RateKernel } from "../engine/kernels.ts";
import type { TraceStep } from "../engine/types.ts";

/** A provision's formula as the catalog writes it (rules/documents/*.yaml); nothing in it is ever executed. */
export const Formula = z.discriminatedUnion("kind", [
  rateSchema,
  matchSchema,
  fixedSchema,
  perUnitSchema,
  rangeSchema,
  atLeastSchema,
  branchSchema,
  higherOfSchema,
  thresholdSchema,
  cappedSchema,
  notComputableSchema,
]);
export type Formula = z.output<typeof Formula>;
export type FormulaInput = z.input<typeof Formula>;
export type FormulaOf<K extends Formula["kind"]> = Extract<Formula, { kind: K }>;

const KINDS: { [K in Formula["kind"]]: FormulaKind<FormulaOf<K>> } = { rate, match, fixed, perUnit, range, atLeast, branch, higherOf, threshold, capped, notComputable };

/** The definition of a node's kind. */
export function kindOf<F extends Formula>(f: F): FormulaKind<F> {
  return KINDS[f.kind] as unknown as FormulaKind<F>;
}

/** Visits every node, parents before their sub-formulas, in the order the text states them. */
export function walk(formula: Formula, visit: (node: Formula) => void): void {
  visit(formula);
  for (const child of kindOf(formula).children(formula)) walk(child, visit);
}

/** Everything the formula reads: the amount, the facts. */
export function readsOf(formula: Formula): Set<BaseRef> {
  const out = new Set<BaseRef>();
  walk(formula, (node) => {
    for (const of of kindOf(node).reads(node)) out.add(of);
  });
  return out;
}

export function factsOf(formula: Formula): Set<FactName> {
  const out = new Set<FactName>();
  for (const of of readsOf(formula)) if (of !== "amount") out.add(of);
  return out;
}

/** The facts an alternative of `higherOf` must have to be tried (each kind may narrow it; see FormulaKind.needs). */
export function needsOf(formula: Formula): FactName[] {
  const own = kindOf(formula).needs;
  return own ? own(formula, needsOf) : [...factsOf(formula)];
}

/** The column kernel of a formula, where its kind (and its sub-formulas') allow one. */
export function kernelOf(formula: Formula): RateKernel | null {
  return kindOf(formula).kernel?.(formula) ?? null;
}

/** The fact kernel of a formula, where its kind (and its sub-formulas') allow one. */
export function factKernelOf(formula: Formula): FactKernel | null {
  return kindOf(formula).factKernel?.(formula) ?? null;
}

/** Each trace step's wording, from the kind that records it. */
export function explainKindStep(step: TraceStep, x: ExplainContext): string | null {
  for (const k of Object.values(KINDS) as FormulaKind[]) {
    const line = (k.explain as Record<string, ((s: TraceStep, x: ExplainContext) => string) | undefined> | undefined)?.[step.step];
    if (line) return line(step, x);
  }
  return null;
}
