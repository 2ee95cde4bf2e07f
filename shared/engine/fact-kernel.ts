// A column kernel for provisions that read facts beside the amount — a rate of the amount or of a fact (配套 of the
// funds received), its base limited to a rate of a fact (chongqing2023-11), the higher of such methods (yubei-9),
// chosen by a `branch` on a fact, under caps, inside a `threshold` on the amount or a fact
// (jiulongpo-5, jiulongpo-6, chongqing2023-2) — so that their Excel ranges and ledgers run as one loop instead of the
// closure chain per row. Each kind says how it composes (FormulaKind.factKernel); the loop mirrors the nodes it
// stands for (rate.ts, branch.ts, capped.ts, threshold.ts), and the property tests (test/engine/batch.test.ts,
// test/ledger/reference.test.ts) hold it equal to them. Any row it cannot take exactly as the nodes would — an input
// that is not plain yuan, a value the formula needs that is not given — goes to the general path, which reports
// its error or rounds it: the kernel only ever writes rows the nodes compute without error.
import type { CapScope } from "../catalog/cap-scopes.ts";
import type { BaseRef, FactName } from "../catalog/primitives.ts";
import { applyRate, isPlainFen, roundedFen } from "../money/fen.ts";
import { BOUND_CODE } from "./types.ts";

/** A rate of one column (a rate or match node). */
export interface KernelMethod {
  rate: number;
  of: BaseRef;
  /** The base counted at most up to this rate of another column, bound `baseLimit` where it does (rate.ts). */
  baseLimit: { rate: number; of: BaseRef } | null;
  /** The facts it needs to be tried among alternatives (higher-of.ts: needsOf). */
  needs: readonly FactName[];
}

/** One method, or the higher of several (higherOf: the first of equal values; those lacking a fact skipped), then caps in order. */
export interface KernelLeaf {
  methods: readonly KernelMethod[];
  caps: readonly { limit: number; spans: boolean; scope: CapScope }[];
}

export interface FactKernel {
  /** A threshold around the whole (below it the award is 0, bound `threshold`), or null. */
  threshold: { on: BaseRef; value: number; inclusive: boolean } | null;
  /** The branch's fact: `received` where it is given and above zero, else `otherwise`; null: one leaf, both alike. */
  fact: FactName | null;
  received: KernelLeaf;
  otherwise: KernelLeaf;
}

/** The kernel of a rate or match: one leaf. */
export function leafKernel(rate: number, of: BaseRef, baseLimit: KernelMethod["baseLimit"] = null): FactKernel {
  const needs = [of, ...(baseLimit ? [baseLimit.of] : [])].filter((name): name is FactName => name !== "amount");
  const leaf: KernelLeaf = { methods: [{ rate, of, baseLimit, needs }], caps: [] };
  return { threshold: null, fact: null, received: leaf, otherwise: leaf };
}

const NONE = BOUND_CODE.none;
const CAP = BOUND_CODE.cap;
const HEADROOM = BOUND_CODE.headroom;
const THRESHOLD = BOUND_CODE.threshold;
const BASE_LIMIT = BOUND_CODE.baseLimit;

/** A method bound to its columns: where its base is read (-1 the amount, else a fact's slot). */
interface BoundMethod {
  rate: number;
  base: number;
  /** The base limit's column slot (as `base`), and its rate; no limit: limitRate -1. */
  limitBase: number;
  limitRate: number;
  /** Slots of the facts it needs, tried only among alternatives. */
  needs: Int32Array;
}

/** A leaf bound to its columns, and each cap's award slot. */
interface BoundLeaf {
  methods: BoundMethod[];
  limits: Float64Array;
  spans: Uint8Array;
  /** The awarded column's slot per cap, -1 where none is given (nothing awarded). */
  awardedSlot: Int32Array;
}

/**
 * Runs the kernel down the amount column. `facts` and `awarded` are every column the batch was given (all are
 * checked on every row, as the general path converts them all before it evaluates); `awarded` is by scope.
 */
export function runFactKernel(
  kernel: FactKernel,
  amounts: Float64Array,
  facts: readonly [FactName, Float64Array][],
  awarded: readonly [CapScope | null, Float64Array][],
  ceilings: Float64Array,
  floors: Float64Array,
  bounds: Uint8Array,
  slowRow: (i: number) => void,
): void {
  // No kind a fact kernel stands for sets a floor (a threshold not met clears it); slow rows write their own.
  floors.fill(NaN);
  const slotOf = (of: BaseRef): number => (of === "amount" ? -1 : facts.findIndex(([name]) => name === of));
  // A fact with no column is not given on any row: NaN, as the general path's blank facts.
  const NOT_GIVEN = -2;
  const factSlot = (of: BaseRef): number => {
    const slot = slotOf(of);
    return of !== "amount" && slot < 0 ? NOT_GIVEN : slot;
  };
  const bind = (leaf: KernelLeaf): BoundLeaf => ({
    methods: leaf.methods.map((m) => ({
      rate: m.rate,
      base: factSlot(m.of),
      limitBase: m.baseLimit ? factSlot(m.baseLimit.of) : 0,
      limitRate: m.baseLimit ? m.baseLimit.rate : -1,
      needs: Int32Array.from(m.needs, factSlot),
    })),
    limits: Float64Array.from(leaf.caps, (cap) => cap.limit),
    spans: Uint8Array.from(leaf.caps, (cap) => (cap.spans ? 1 : 0)),
    // As the general path: the last column given for a scope is the one its awardedByScope holds.
    awardedSlot: Int32Array.from(leaf.caps, (cap) => (cap.spans ? awarded.map(([scope]) => scope).lastIndexOf(cap.scope) : -1)),
  });
  const received = bind(kernel.received);
  const otherwise = bind(kernel.otherwise);
  const branchSlot = kernel.fact === null ? null : factSlot(kernel.fact);
  const threshold = kernel.threshold;
  const thresholdSlot = threshold ? factSlot(threshold.on) : 0;
  const factValues = new Float64Array(facts.length);
  const awardedValues = new Float64Array(awarded.length);
  const column = (slot: number, amountFen: number): number => (slot === -1 ? amountFen : slot === NOT_GIVEN ? NaN : factValues[slot]!);
  /** The bound a method sets (NONE or BASE_LIMIT), beside the value methodValue returns. */
  let methodBound = NONE;
  /** A method's value (rate.ts's node), NaN where a column it reads is not given (the node's error). */
  const methodValue = (m: BoundMethod, amountFen: number): number => {
    let base = column(m.base, amountFen);
    if (Number.isNaN(base)) return NaN;
    methodBound = NONE;
    if (m.limitRate >= 0) {
      const limitOf = column(m.limitBase, amountFen);
      if (Number.isNaN(limitOf)) return NaN;
      const limitFen = applyRate(limitOf, m.limitRate);
      if (limitFen < base) {
        base = limitFen;
        methodBound = BASE_LIMIT;
      }
    }
    return applyRate(base, m.rate);
  };

  rows: for (let i = 0; i < amounts.length; i++) {
    const yuan = amounts[i]!;
    const rounded = roundedFen(yuan);
    if (!isPlainFen(yuan, rounded)) {
      slowRow(i);
      continue;
    }
    const amountFen = rounded + 0;
    for (let f = 0; f < facts.length; f++) {
      const raw = facts[f]![1][i]!;
      if (Number.isNaN(raw)) {
        factValues[f] = NaN;
        continue;
      }
      const fen = roundedFen(raw);
      if (!isPlainFen(raw, fen)) {
        slowRow(i);
        continue rows;
      }
      // +0 for -0, as plainFen gives the general path.
      factValues[f] = fen + 0;
    }
    for (let a = 0; a < awarded.length; a++) {
      const raw = awarded[a]![1][i]!;
      if (Number.isNaN(raw)) {
        // A blank cell counts nothing.
        awardedValues[a] = 0;
        continue;
      }
      const fen = roundedFen(raw);
      if (!isPlainFen(raw, fen)) {
        slowRow(i);
        continue rows;
      }
      awardedValues[a] = fen + 0;
    }
    if (threshold) {
      const value = thresholdSlot === -1 ? amountFen : thresholdSlot === NOT_GIVEN ? NaN : factValues[thresholdSlot]!;
      if (Number.isNaN(value)) {
        slowRow(i);
        continue;
      }
      if (!(threshold.inclusive ? value >= threshold.value : value > threshold.value)) {
        ceilings[i] = 0;
        bounds[i] = THRESHOLD;
        continue;
      }
    }
    // NaN > 0 is false: a fact not given takes `otherwise`, as branch.ts.
    const leaf = branchSlot === null ? received : branchSlot >= 0 && factValues[branchSlot]! > 0 ? received : otherwise;
    const { methods } = leaf;
    let value: number;
    let bound: number;
    if (methods.length === 1) {
      value = methodValue(methods[0]!, amountFen);
      bound = methodBound;
    } else {
      // higher-of.ts: skip a method lacking a fact it needs; the first of the highest values stands, with its bound.
      value = -Infinity;
      bound = NONE;
      let tried = false;
      methods: for (let m = 0; m < methods.length; m++) {
        const method = methods[m]!;
        for (let k = 0; k < method.needs.length; k++) if (Number.isNaN(column(method.needs[k]!, amountFen))) continue methods;
        const v = methodValue(method, amountFen);
        tried = true;
        if (Number.isNaN(v)) {
          // The node's error ends the choice.
          value = NaN;
          break;
        }
        if (v > value) {
          value = v;
          bound = methodBound;
        }
      }
      if (!tried) value = NaN;
    }
    if (Number.isNaN(value)) {
      slowRow(i);
      continue;
    }
    const { limits, spans, awardedSlot } = leaf;
    for (let k = 0; k < limits.length; k++) {
      const limit = limits[k]!;
      const slot = awardedSlot[k]!;
      const headroom = Math.max(0, limit - (spans[k] === 1 && slot >= 0 ? awardedValues[slot]! : 0));
      if (value > headroom) {
        value = headroom;
        bound = headroom < limit ? HEADROOM : CAP;
      }
    }
    ceilings[i] = value / 100;
    bounds[i] = bound;
  }
}
