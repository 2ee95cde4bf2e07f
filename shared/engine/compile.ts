// Turns a provision's formula (data) into a tree of small closures over a mutable context, each built by its kind's
// file (shared/formula). The same closures serve single evaluations (which record a trace) and the batch API (which
// does not), so there is one implementation of the law's arithmetic. Everything is integer fen; NaN means "not given".
import { bareAwardedScopes, CAP_SCOPES, type CapScope } from "../catalog/cap-scopes.ts";
import type { Cap, FactName } from "../catalog/primitives.ts";
import { factsOf, kindOf, readsOf, type Formula } from "../formula/kinds.ts";
import { BOUND_CODE, type CapUse, type EngineError, type TraceStep } from "./types.ts";

/** Mutable per-evaluation state; one instance is reused across the rows of a batch. */
export class EvalContext {
  /** The amount argument: fen for yuan amounts, a whole count for count amounts; NaN when not given. */
  amount = NaN;
  facts: Record<FactName, number> = blankFacts();
  /** Awarded fen per scope, for the caps of that scope that span applications, unless awardedByCap names the cap. */
  awardedByScope: Record<CapScope, number> = noAwards();
  /** Awarded fen per cap key (the ledger's accounts); when set, awardedByScope is not read. */
  awardedByCap: Readonly<Record<string, number>> | null = null;
  bound = BOUND_CODE.none;
  /** Fen; NaN when the provision sets no floor. */
  floor = NaN;
  error: EngineError | null = null;
  trace: TraceStep[] | null = null;
  caps: CapUse[] | null = null;

  reset(): void {
    this.bound = BOUND_CODE.none;
    this.floor = NaN;
    this.error = null;
  }

  /** Back to a new context's state, for a caller that reuses one context across unrelated evaluations. */
  clear(): void {
    this.reset();
    this.amount = NaN;
    forgetFacts(this.facts);
    forgetAwards(this.awardedByScope);
    this.awardedByCap = null;
    this.trace = null;
    this.caps = null;
  }
}

/** Every fact "not given". A literal (not built from FACT_NAMES) so V8 gives all contexts one fast shape. */
export function blankFacts(): Record<FactName, number> {
  return { centralFunds: NaN, municipalFunds: NaN, rndGrowth: NaN, annualPurchases: NaN, insuredValue: NaN };
}

/** Nothing awarded in any scope. */
export function noAwards(): Record<CapScope, number> {
  return Object.fromEntries(CAP_SCOPES.map((scope) => [scope, 0])) as Record<CapScope, number>;
}

function forgetAwards(awarded: Record<CapScope, number>): void {
  for (let i = 0; i < CAP_SCOPES.length; i++) awarded[CAP_SCOPES[i]!] = 0;
}

/** Sets every fact back to "not given", as blankFacts has them: named stores, for the per-call path. */
function forgetFacts(facts: Record<FactName, number>): void {
  facts.centralFunds = NaN;
  facts.municipalFunds = NaN;
  facts.rndGrowth = NaN;
  facts.annualPurchases = NaN;
  facts.insuredValue = NaN;
}

/** A compiled node: returns the ceiling in fen, Infinity for "no ceiling", NaN after recording an error. */
export type Node = (c: EvalContext) => number;

export interface CompiledFormula {
  root: Node;
  /** Whether the amount argument is read on some path. */
  readsAmount: boolean;
  facts: ReadonlySet<FactName>;
  /** Every cap in the formula, as evaluations report the ones on their path. */
  caps: readonly CapUse[];
  /** Whether the formula has a `branch` node. */
  branches: boolean;
  /** The scopes a bare `awarded` figure counts under (bareAwardedScopes of the caps). */
  bareScopes: readonly CapScope[];
  computable: boolean;
}

export function compileFormula(provisionId: string, formula: Formula): CompiledFormula {
  let capIndex = 0;
  const allCaps: CapUse[] = [];
  /** The branch the node being built lies on, for the caps built there. */
  let onBranch: CapUse["branch"] = null;
  let branches = false;
  const scope = {
    build: (f: Formula): Node => kindOf(f).compile(f, scope),
    buildOnBranch: (f: Formula, branch: "received" | "otherwise"): Node => {
      const outer = onBranch;
      branches = true;
      onBranch = branch;
      const node = scope.build(f);
      onBranch = outer;
      return node;
    },
    cap: (cap: Cap): CapUse => {
      const use: CapUse = Object.freeze({ key: cap.group ?? `${provisionId}#${capIndex++}`, scope: cap.scope, limitFen: cap.limit, branch: onBranch });
      allCaps.push(use);
      return use;
    },
  };
  const root = scope.build(formula);
  return {
    root,
    readsAmount: readsOf(formula).has("amount"),
    // After build: filled as the caps are compiled.
    caps: allCaps,
    bareScopes: bareAwardedScopes(allCaps.map((cap) => cap.scope)),
    branches,
    facts: factsOf(formula),
    computable: formula.kind !== "notComputable",
  };
}
