// Turns a provision's formula (data) into a tree of small closures over a mutable context. The same closures
// serve single evaluations (which record a trace) and the batch API (which does not), so there is one
// implementation of the law's arithmetic. Everything is integer fen; NaN means "not given".
import { bareAwardedScopes, CAP_SCOPES, spansApplications, type CapScope } from "../catalog/cap-scopes.ts";
import type { BaseRef, Cap, FactName, Formula } from "../catalog/schema.ts";
import { applyRate, multiplyCount, type Fen } from "../money/fen.ts";
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

function read(c: EvalContext, of: BaseRef): number {
  return of === "amount" ? c.amount : c.facts[of];
}

/** A reader fixed at compile time, so the per-row path does not compare names. */
function reader(of: BaseRef): (c: EvalContext) => number {
  return of === "amount" ? (c) => c.amount : (c) => c.facts[of];
}

function missing(c: EvalContext, of: BaseRef): number {
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

function factsOf(formula: Formula, into = new Set<FactName>()): Set<FactName> {
  const add = (of: BaseRef) => {
    if (of !== "amount") into.add(of);
  };
  switch (formula.kind) {
    case "rate":
      add(formula.of);
      if (formula.baseLimit) add(formula.baseLimit.of);
      break;
    case "match":
    case "perUnit":
      add(formula.of);
      break;
    case "branch":
      into.add(formula.fact);
      factsOf(formula.received, into);
      factsOf(formula.otherwise, into);
      break;
    case "higherOf":
      formula.options.forEach((o) => factsOf(o, into));
      break;
    case "threshold":
      add(formula.threshold.on);
      factsOf(formula.then, into);
      break;
    case "capped":
      factsOf(formula.of, into);
      break;
    default:
      break;
  }
  return into;
}

function readsAmount(formula: Formula): boolean {
  switch (formula.kind) {
    case "rate":
      return formula.of === "amount" || formula.baseLimit?.of === "amount";
    case "match":
    case "perUnit":
      return formula.of === "amount";
    case "branch":
      return readsAmount(formula.received) || readsAmount(formula.otherwise);
    case "higherOf":
      return formula.options.some(readsAmount);
    case "threshold":
      return formula.threshold.on === "amount" || readsAmount(formula.then);
    case "capped":
      return readsAmount(formula.of);
    default:
      return false;
  }
}

/** Facts an option needs that are not the provision's amount: a higherOf option without them is skipped. */
function requiredFacts(formula: Formula): FactName[] {
  if (formula.kind === "branch") return requiredFacts(formula.otherwise);
  if (formula.kind === "capped") return requiredFacts(formula.of);
  return [...factsOf(formula)];
}

export function compileFormula(provisionId: string, formula: Formula): CompiledFormula {
  let capIndex = 0;
  const capKey = (cap: Cap) => cap.group ?? `${provisionId}#${capIndex++}`;
  const allCaps: CapUse[] = [];
  /** The branch the node being built lies on, for the caps built there. */
  let onBranch: CapUse["branch"] = null;
  let branches = false;

  const build = (f: Formula): Node => {
    switch (f.kind) {
      case "rate":
      case "match": {
        const { rate, of } = f;
        const matching = f.kind === "match";
        const limit = f.kind === "rate" ? f.baseLimit : undefined;
        const get = reader(of);
        return (c) => {
          let base = get(c);
          if (Number.isNaN(base)) return missing(c, of);
          if (limit) {
            const limitOf = read(c, limit.of);
            if (Number.isNaN(limitOf)) return missing(c, limit.of);
            const limitFen = applyRate(limitOf, limit.rate);
            const bound = limitFen < base;
            c.trace?.push({ step: "baseLimit", rate: limit.rate, of: limit.of, ofFen: limitOf, limitFen, baseFen: base, bound, citation: limit.citation });
            if (bound) {
              base = limitFen;
              c.bound = BOUND_CODE.baseLimit;
            }
          }
          const result = applyRate(base, rate);
          c.trace?.push({ step: "rate", rate, of, baseFen: base, resultFen: result, matching });
          return result;
        };
      }
      case "fixed": {
        const { amount, exact } = f;
        return (c) => {
          if (exact) c.floor = amount;
          c.trace?.push({ step: "fixed", amountFen: amount, exact });
          return amount;
        };
      }
      case "perUnit": {
        const { amount, of } = f;
        return (c) => {
          const count = read(c, of);
          if (Number.isNaN(count)) return missing(c, of);
          const result = multiplyCount(count, amount);
          if (result === null) {
            c.error = { code: "invalid_input", field: of, message: { zh: "数量过大", en: "the count is too large" } };
            return NaN;
          }
          c.trace?.push({ step: "perUnit", count, perUnitFen: amount, resultFen: result });
          return result;
        };
      }
      case "range": {
        const { floor, ceiling } = f;
        return (c) => {
          c.floor = floor;
          c.trace?.push({ step: "range", floorFen: floor, ceilingFen: ceiling });
          return ceiling;
        };
      }
      case "atLeast": {
        const { floor } = f;
        return (c) => {
          c.floor = floor;
          c.trace?.push({ step: "atLeast", floorFen: floor });
          return Infinity;
        };
      }
      case "branch": {
        const { fact } = f;
        const outer = onBranch;
        branches = true;
        onBranch = "received";
        const received = build(f.received);
        onBranch = "otherwise";
        const otherwise = build(f.otherwise);
        onBranch = outer;
        return (c) => {
          const value = c.facts[fact];
          const taken = value > 0;
          c.trace?.push({ step: "branch", fact, valueFen: Number.isNaN(value) ? null : value, taken: taken ? "received" : "otherwise" });
          return taken ? received(c) : otherwise(c);
        };
      }
      case "higherOf": {
        const options = f.options.map((o) => ({ node: build(o), needs: requiredFacts(o) }));
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
      }
      case "threshold": {
        const { threshold } = f;
        const then = build(f.then);
        return (c) => {
          const value = read(c, threshold.on);
          if (Number.isNaN(value)) return missing(c, threshold.on);
          const met = threshold.inclusive ? value >= threshold.value : value > threshold.value;
          c.trace?.push({ step: "threshold", on: threshold.on, valueFen: value, thresholdFen: threshold.value, inclusive: threshold.inclusive, met, citation: threshold.citation });
          if (!met) {
            c.bound = BOUND_CODE.threshold;
            c.floor = NaN;
            return 0;
          }
          return then(c);
        };
      }
      case "capped": {
        const inner = build(f.of);
        // The CapUse each evaluation reports is made once here: a ledger evaluates these nodes a million times.
        const caps = f.caps.map((cap) => {
          const key = capKey(cap);
          const use: CapUse = Object.freeze({ key, scope: cap.scope, limitFen: cap.limit, branch: onBranch });
          allCaps.push(use);
          return { cap, key, spans: spansApplications(cap.scope), use };
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
      }
      case "notComputable": {
        const { reason } = f;
        return (c) => {
          c.error = { code: "not_computable", message: reason };
          return NaN;
        };
      }
    }
  };

  const root = build(formula);
  return {
    root,
    readsAmount: readsAmount(formula),
    // After build: filled as the caps are compiled.
    caps: allCaps,
    bareScopes: bareAwardedScopes(allCaps.map((cap) => cap.scope)),
    branches,
    facts: factsOf(formula),
    computable: formula.kind !== "notComputable",
  };
}
