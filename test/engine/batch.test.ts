// evaluateBatch against Engine.evaluate on the amounts where a column kernel is most likely to differ from the
// compiled formula: at each threshold (以上 includes it, 超过 does not), where the rate reaches a cap, where what was
// already awarded leaves exactly the value as headroom, where the rate lands on half a fen, and inputs with a
// half fen (x.xx5 yuan) or no valid amount that leave the kernel for the general path in the middle of a column.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { spansApplications, type CapScope } from "../../shared/catalog/cap-scopes.ts";
import type { Awarded } from "../../shared/engine/awarded.ts";
import { evaluateBatch } from "../../shared/engine/batch.ts";
import { inForce } from "../../shared/engine/dates.ts";
import { parametersOf } from "../../shared/engine/describe.ts";
import { rateKernelOf } from "../../shared/engine/kernels.ts";
import { BOUND_CODE, ERROR_BOUND_CODE } from "../../shared/engine/types.ts";
import type { FactName } from "../../shared/catalog/primitives.ts";
import { factKernelOf, factsOf, readsOf, walk } from "../../shared/formula/kinds.ts";
import { applyRate } from "../../shared/money/fen.ts";
import { defaultEngine } from "../../shared/node.ts";

const engine = defaultEngine();
const DATE = "2026-06-30";

/** Provisions computed on a yuan amount alone, so that every row's inputs are the amount and what was awarded. */
const provisions = [...engine.catalog.byId.values()]
  .filter((entry) => entry.provision.formula.kind !== "notComputable" && inForce(entry, DATE) && entry.provision.amount?.unit === "yuan")
  .filter(({ provision }) => [...readsOf(provision.formula)].every((of) => of === "amount"))
  .map(({ provision }) => {
    const p = parametersOf(provision.formula);
    const rates = p.rates.filter((r) => r.of === "amount").map((r) => r.rate);
    const caps = p.caps.map((cap) => ({ limit: cap.limit, scope: cap.scope, spans: spansApplications(cap.scope) }));
    const thresholds = p.thresholds.filter((t) => t.on === "amount").map((t) => t.valueFen);
    const kinds = new Set<string>();
    walk(provision.formula, (node) => kinds.add(node.kind));
    return { id: provision.id, rates, caps, thresholds, kinds, kernel: rateKernelOf(provision.formula) !== null };
  });
type Provision = (typeof provisions)[number];

/** Fen amounts where the result changes shape: thresholds and the amounts at which a rate reaches a cap, ±2 fen. */
function boundariesOf(p: Provision): number[] {
  const at = [...p.thresholds];
  for (const rate of p.rates) for (const cap of p.caps) at.push(Math.round((cap.limit * 10_000) / rate));
  return at.flatMap((fen) => [-2, -1, 0, 1, 2].map((d) => fen + d)).filter((fen) => fen >= 0);
}

/** The first fen amount from `from` at which the rate lands on exactly half a fen (rounded up), if any does. */
function halfFenFrom(from: number, rate: number): number {
  for (let fen = from; fen < from + 10_000; fen++) if ((fen * rate) % 10_000 === 5_000) return fen;
  return from;
}

type AmountShape = { kind: "boundary"; pick: number } | { kind: "halfFen"; fen: number } | { kind: "subFen"; fen: number } | { kind: "plain"; fen: number } | { kind: "bad"; yuan: number };
/** What was awarded before the row, relative to what the row's rate gives: leaving it exactly as headroom, or ±1 fen. */
type AwardedShape = { kind: "blank" } | { kind: "zero" } | { kind: "tie"; delta: number } | { kind: "full"; more: number } | { kind: "plain"; fen: number };

const fenArb = fc.integer({ min: 0, max: 200_000_000_000 });
const amountArb: fc.Arbitrary<AmountShape> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("boundary" as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("halfFen" as const), fen: fenArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("subFen" as const), fen: fenArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("plain" as const), fen: fenArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("bad" as const), yuan: fc.constantFrom(-0.01, -1, 1e300, Infinity, -0) }) },
);
const awardedArb: fc.Arbitrary<AwardedShape> = fc.oneof(
  fc.record({ kind: fc.constant("blank" as const) }),
  fc.record({ kind: fc.constant("zero" as const) }),
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("tie" as const), delta: fc.integer({ min: -1, max: 1 }) }) },
  fc.record({ kind: fc.constant("full" as const), more: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ kind: fc.constant("plain" as const), fen: fenArb }),
);

function yuanOf(p: Provision, shape: AmountShape): number {
  switch (shape.kind) {
    case "boundary": {
      const at = boundariesOf(p);
      return at.length ? at[shape.pick % at.length]! / 100 : shape.pick / 100;
    }
    case "halfFen":
      return halfFenFrom(shape.fen, p.rates[0] ?? 10_000) / 100;
    case "subFen":
      return (2 * shape.fen + 1) / 200; // x.xx5 yuan: rounded half-up to the fen on the way in
    case "plain":
      return shape.fen / 100;
    case "bad":
      return shape.yuan;
  }
}

/** Yuan awarded in a cap's scope, or NaN for a blank cell; relative to the cap the row's rate would meet first. */
function awardedYuanOf(p: Provision, amountYuan: number, shape: AwardedShape): number {
  const cap = p.caps.find((c) => c.spans) ?? p.caps[0];
  const value = Number.isFinite(amountYuan) && amountYuan >= 0 ? applyRate(Math.round(amountYuan * 100), p.rates[0] ?? 0) : 0;
  switch (shape.kind) {
    case "blank":
      return NaN;
    case "zero":
      return 0;
    case "tie":
      return cap ? Math.max(0, cap.limit - value + shape.delta) / 100 : 0;
    case "full":
      return cap ? (cap.limit + shape.more) / 100 : 0;
    case "plain":
      return shape.fen / 100;
  }
}

describe("evaluateBatch at thresholds, caps and half fen", () => {
  it("covers provisions of several kinds, with and without a column kernel and with caps across applications", () => {
    const kinds = new Set(provisions.flatMap((p) => [...p.kinds]));
    for (const kind of ["rate", "match", "capped", "threshold"]) expect(kinds, kind).toContain(kind);
    expect(provisions.some((p) => p.kernel)).toBe(true);
    expect(provisions.some((p) => !p.kernel)).toBe(true);
    expect(provisions.some((p) => p.caps.some((cap) => cap.spans))).toBe(true);
  });

  it("gives exactly Engine.evaluate's ceiling, floor, bound and error on every row, awarded blank, bare or by scope", () => {
    const byArb = fc.constantFrom<"none" | "bare" | "scopes">("none", "bare", "scopes");
    fc.assert(
      fc.property(fc.constantFrom(...provisions), byArb, fc.array(fc.tuple(amountArb, awardedArb), { minLength: 1, maxLength: 60 }), (p, by, rows) => {
        const amounts = new Float64Array(rows.map(([a]) => yuanOf(p, a)));
        const column = new Float64Array(rows.map(([, w], i) => awardedYuanOf(p, amounts[i]!, w)));
        const scopes = [...new Set(p.caps.filter((cap) => cap.spans).map((cap) => cap.scope))] as CapScope[];
        const awarded = by === "none" ? undefined : by === "bare" ? column : Object.fromEntries(scopes.map((s) => [s, column]));
        const batch = evaluateBatch(engine, p.id, { amounts, date: DATE, ...(awarded ? { awarded } : {}) });
        if (!batch.ok) return false;
        return rows.every((_, i) => {
          const w = column[i]!;
          const given: Awarded | undefined = by === "none" || Number.isNaN(w) ? undefined : by === "bare" ? w : Object.fromEntries(scopes.map((s) => [s, w]));
          const single = engine.evaluate(p.id, amounts[i]!, {}, { date: DATE, trace: false, ...(given === undefined ? {} : { awarded: given }) });
          if (!single.ok) return batch.bounds[i] === ERROR_BOUND_CODE && batch.errors.get(i)?.code === single.error.code && Number.isNaN(batch.ceilings[i]);
          return (
            !batch.errors.has(i) &&
            Object.is(batch.ceilings[i], single.ceiling ?? Infinity) &&
            batch.bounds[i] === BOUND_CODE[single.bound] &&
            Object.is(batch.floors[i], single.floor ?? Number.NaN)
          );
        });
      }),
      { numRuns: 1500 },
    );
  });

  it("rounds a rate's half fen up and an input's half fen up, in the kernel and the general path alike", () => {
    // yubei-2: 15% of the amount, at most 1000万元. 0.10 yuan × 15% = 1.5 fen → 2 fen; 0.005 yuan is taken as 1 fen
    // (0.15 fen → 0); 1.015 yuan as 102 fen, though 1.015 × 100 is 101.4999… as a double; 66,666,666.66 yuan gives
    // exactly the cap (not bound: 最多不超过 includes it), 66,666,666.70 exceeds it, 66,666,666.63 gives 9,999,999.99.
    const amounts = new Float64Array([0.1, 0.3, 0.005, 1.015, 66_666_666.66, 66_666_666.7, 66_666_666.63]);
    const r = evaluateBatch(engine, "yubei-2", { amounts, date: DATE });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([...r.ceilings]).toEqual([0.02, 0.05, 0, 0.15, 10_000_000, 10_000_000, 9_999_999.99]);
    expect([...r.bounds]).toEqual([0, 0, 0, 0, 0, BOUND_CODE.cap, 0]);
    expect(r.errors.size).toBe(0);
  });

  it("gives Engine.evaluate's results for provisions that read facts, through their own kernel where they have one", () => {
    // Every provision in force that reads a fact beside a yuan amount: a branch on funds received, matching of them,
    // a threshold on a fact, a limit on the base, the higher of two methods.
    const withFacts = [...engine.catalog.byId.values()]
      .filter((entry) => entry.provision.formula.kind !== "notComputable" && inForce(entry, DATE) && entry.provision.amount?.unit === "yuan")
      .map(({ provision }) => ({ provision, facts: [...factsOf(provision.formula)] }))
      .filter(({ facts }) => facts.length > 0)
      .map(({ provision, facts }) => {
        const p = parametersOf(provision.formula);
        const rates = p.rates.map((r) => r.rate);
        const caps = p.caps.map((cap) => ({ limit: cap.limit, scope: cap.scope, spans: spansApplications(cap.scope) }));
        // Fact values where the shape changes: thresholds and where a rate of the fact reaches a cap, ±1 fen, and 0.
        const edges = [0, ...p.thresholds.map((t) => t.valueFen), ...p.rates.filter((r) => r.of !== "amount").flatMap((r) => caps.map((cap) => Math.round((cap.limit * 10_000) / r.rate)))]
          .flatMap((fen) => [fen - 1, fen, fen + 1])
          .filter((fen) => fen >= 0);
        const factRate = p.rates.find((r) => r.of !== "amount")?.rate ?? 10_000;
        return { id: provision.id, facts, rates, caps, thresholds: p.thresholds.filter((t) => t.on === "amount").map((t) => t.valueFen), kinds: new Set<string>(), kernel: factKernelOf(provision.formula) !== null, edges, factRate };
      });
    // The kernel covers the branch (jiulongpo-5 inside its cap, jiulongpo-6 with caps on each arm), the threshold
    // on a fact (chongqing2023-2), a limit on the base (chongqing2023-11) and 就高 of two rates (yubei-9): all of them.
    expect(withFacts.filter((p) => p.kernel).map((p) => p.id).sort()).toEqual(["chongqing2023-11", "chongqing2023-2", "jiulongpo-5", "jiulongpo-6", "yubei-9"]);
    // ofAmount: the fact whose rate gives about the row's amount (a base limit that just binds, or just does not).
    type FactShape = { kind: "blank" } | { kind: "edge"; pick: number } | { kind: "ofAmount"; delta: number } | { kind: "plain"; fen: number } | { kind: "subFen"; fen: number } | { kind: "bad"; yuan: number };
    const factArb: fc.Arbitrary<FactShape> = fc.oneof(
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("blank" as const) }) },
      { weight: 4, arbitrary: fc.record({ kind: fc.constant("edge" as const), pick: fc.nat() }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("ofAmount" as const), delta: fc.integer({ min: -2, max: 2 }) }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant("plain" as const), fen: fenArb }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("subFen" as const), fen: fenArb }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("bad" as const), yuan: fc.constantFrom(-0.01, -1, 1e300, Infinity, -0) }) },
    );
    const factYuan = (p: (typeof withFacts)[number], shape: FactShape, amountYuan: number): number => {
      switch (shape.kind) {
        case "blank":
          return NaN;
        case "edge":
          return p.edges.length ? p.edges[shape.pick % p.edges.length]! / 100 : 0;
        case "ofAmount":
          return Number.isFinite(amountYuan) && amountYuan >= 0 ? Math.max(0, Math.round((Math.round(amountYuan * 100) * 10_000) / p.factRate) + shape.delta) / 100 : 0;
        case "plain":
          return shape.fen / 100;
        case "subFen":
          return (2 * shape.fen + 1) / 200;
        case "bad":
          return shape.yuan;
      }
    };
    const byArb = fc.constantFrom<"none" | "bare" | "scopes">("none", "bare", "scopes");
    const rowArb = fc.tuple(amountArb, awardedArb, fc.array(factArb, { minLength: 2, maxLength: 2 }));
    fc.assert(
      fc.property(fc.constantFrom(...withFacts), byArb, fc.boolean(), fc.array(rowArb, { minLength: 1, maxLength: 60 }), (p, by, allFacts, rows) => {
        const amounts = new Float64Array(rows.map(([a]) => yuanOf(p, a)));
        const column = new Float64Array(rows.map(([, w], i) => awardedYuanOf(p, amounts[i]!, w)));
        // Sometimes a fact column is left out (not given on any row).
        const names = (allFacts ? p.facts : p.facts.slice(0, 1)) as FactName[];
        const facts = Object.fromEntries(names.map((name, f) => [name, new Float64Array(rows.map(([, , shapes], i) => factYuan(p, shapes[f % shapes.length]!, amounts[i]!)))])) as Partial<Record<FactName, Float64Array>>;
        const scopes = [...new Set(p.caps.filter((cap) => cap.spans).map((cap) => cap.scope))] as CapScope[];
        const awarded = by === "none" ? undefined : by === "bare" ? column : Object.fromEntries(scopes.map((s) => [s, column]));
        const batch = evaluateBatch(engine, p.id, { amounts, facts, date: DATE, ...(awarded ? { awarded } : {}) });
        if (!batch.ok) return false;
        return rows.every((_, i) => {
          const w = column[i]!;
          const given: Awarded | undefined = by === "none" || Number.isNaN(w) ? undefined : by === "bare" ? w : Object.fromEntries(scopes.map((s) => [s, w]));
          const rowFacts = Object.fromEntries(names.flatMap((name) => (Number.isNaN(facts[name]![i]!) ? [] : [[name, facts[name]![i]!]])));
          const single = engine.evaluate(p.id, amounts[i]!, rowFacts, { date: DATE, trace: false, ...(given === undefined ? {} : { awarded: given }) });
          if (!single.ok) return batch.bounds[i] === ERROR_BOUND_CODE && batch.errors.get(i)?.code === single.error.code && batch.errors.get(i)?.field === single.error.field && Number.isNaN(batch.ceilings[i]);
          return (
            !batch.errors.has(i) &&
            Object.is(batch.ceilings[i], single.ceiling ?? Infinity) &&
            batch.bounds[i] === BOUND_CODE[single.bound] &&
            Object.is(batch.floors[i], single.floor ?? Number.NaN)
          );
        });
      }),
      { numRuns: 3000 },
    );
  });
});
