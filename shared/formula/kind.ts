// What every formula kind defines, in its own file: its schema (what the catalog may write), its evaluation (a
// closure over the evaluation context), what it reads, its sub-formulas, its parameters and how its trace steps read.
// kinds.ts registers them in one table; compile.ts, describe.ts and every walk over a formula go through it.
import type { BaseRef, Cap, FactName } from "../catalog/primitives.ts";
import type { EvalContext, Node } from "../engine/compile.ts";
import type { Parameters } from "../engine/describe.ts";
import type { Figure } from "../engine/parameters.ts";
import type { FactKernel } from "../engine/fact-kernel.ts";
import type { RateKernel } from "../engine/kernels.ts";
import type { CapUse, TraceStep } from "../engine/types.ts";
import type { Lang } from "../money/format.ts";
import type { Formula } from "./kinds.ts";

/** What a kind's compile step may ask of the compiler. */
export interface CompileScope {
  build(f: Formula): Node;
  /** Builds a sub-formula that lies on one branch: its caps are marked so (CAP and REMAINING by branch). */
  buildOnBranch(f: Formula, branch: "received" | "otherwise"): Node;
  /** The CapUse of a cap as evaluations report it (made once; its key is its group or the provision's own). */
  cap(cap: Cap): CapUse;
}

/** What a trace line needs besides its step. */
export interface ExplainContext {
  lang: Lang;
  zh: boolean;
  /** Fen as yuan text. */
  y: (fen: number) => string;
  /** The provision's words for its amount argument. */
  amountMeaning: string | undefined;
}

type StepExplainers = { [S in TraceStep["step"]]?: (step: Extract<TraceStep, { step: S }>, x: ExplainContext) => string };

export interface FormulaKind<F extends Formula = Formula> {
  /** Its sub-formulas, in the order the text states them. */
  children(f: F): readonly Formula[];
  /** What the node itself reads (the amount or facts), not its sub-formulas. */
  reads(f: F): readonly BaseRef[];
  /**
   * The facts an alternative of `higherOf` must have to be tried; absent: every fact the subtree reads. A branch
   * needs only what its fallback needs; caps need what their formula needs.
   */
  needs?(f: F, needs: (f: Formula) => FactName[]): FactName[];
  compile(f: F, scope: CompileScope): Node;
  /**
   * The node's own figures by path (parameters.ts): each with its name, unit, direction and where it sits, keys from
   * this node. The one place a kind says which of its numbers a notice may address.
   */
  figures(f: F): readonly Figure[];
  /**
   * Where each sub-formula sits (keys from this node) and the qualifiers its figures' paths take there (a branch's
   * arms, a 就高 choice's methods), in the order of `children`.
   */
  places(f: F): readonly { at: readonly (string | number)[]; qualifiers: readonly string[] }[];
  /** Adds the node's own rates, caps, thresholds and sums (describe.ts). */
  parameters(f: F, into: Parameters): void;
  /** The lines of the trace steps the kind records. */
  explain?: StepExplainers;
  /**
   * The column kernel (shared/engine/kernels.ts) that computes the node down a whole column as one loop, where its
   * shape allows one; absent or null: rows take the compiled closures.
   */
  kernel?(f: F): RateKernel | null;
  /**
   * The kernel for shapes that read facts (shared/engine/fact-kernel.ts), composed from the sub-formulas' own;
   * absent or null: rows take the compiled closures.
   */
  factKernel?(f: F): FactKernel | null;
}

export function read(c: EvalContext, of: BaseRef): number {
  return of === "amount" ? c.amount : c.facts[of];
}

/** A reader fixed at compile time, so the per-row path does not compare names. */
export function reader(of: BaseRef): (c: EvalContext) => number {
  return of === "amount" ? (c) => c.amount : (c) => c.facts[of];
}

export function missing(c: EvalContext, of: BaseRef): number {
  c.error = {
    code: "invalid_input",
    field: of,
    message:
      of === "amount"
        ? { zh: "缺少计算基数（金额参数）", en: "the amount this provision is computed on is missing" }
        : { zh: `缺少申报要素 ${of}`, en: `the fact ${of} is required here and was not given` },
  };
  return NaN;
}

export const pct = (bp: number): string => `${bp / 100}%`;
